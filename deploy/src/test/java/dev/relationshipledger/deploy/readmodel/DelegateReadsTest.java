package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.relationshipledger.deploy.readmodel.NegotiationHistoryTest.assertProblem;
import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delegate records on a relationship as its owner does, so the query side lets them read what they recorded: its
 * negotiations and its replay. Each read names the command's position, so a delegation or a revocation just made
 * decides the answer.
 */
class DelegateReadsTest extends RunningLedger {

    @Test
    void aDelegateReadsTheNegotiationsAndReplayOfTheRelationshipUntilTheDelegationIsRevoked() {
        String relationship = openRelationship("Delegated Foundry GmbH", "CUSTOMER");
        Answer delegated = accepted(commands.post(RITA, "/relationships/" + relationship + "/delegates",
                "{\"delegate\":\"ralf\"}"));
        String replay = "/relationships/" + relationship + "/as-of?at=" + Instant.now().plusSeconds(60);
        assertThat(readAfter(delegated, RALF, replay).json().get("view").get("delegates").get(0).asText())
                .isEqualTo("ralf");

        Answer opened = accepted(commands.post(RALF, "/negotiations", "{\"relationshipId\":\"" + relationship
                + "\",\"subject\":\"Castings 2027\",\"mandate\":" + NegotiationHistoryTest.MANDATE + "}"));
        String negotiation = opened.text("aggregateId");
        assertThat(readAfter(opened, RALF, "/negotiations/" + negotiation).json().get("negotiation")
                .get("subject").asText()).isEqualTo("Castings 2027");
        assertThat(ids(readAfter(opened, RALF, "/negotiations?relationshipId=" + relationship)))
                .containsExactly(negotiation);
        assertThat(ids(readAfter(opened, RALF, "/negotiations?limit=200"))).contains(negotiation);
        List<String> steps = new ArrayList<>();
        readAfter(opened, RALF, "/relationships/" + relationship + "/steps").json().get("steps")
                .forEach(step -> steps.add(step.get("eventType").asText()));
        assertThat(steps).contains("RelationshipOpened", "NegotiationOpened");
        assertProblem(queries.get(BIANCA, replay), 403, "forbidden");

        Answer revoked = accepted(commands.post(RITA, "/relationships/" + relationship + "/delegates/ralf/revoke",
                ""));
        String atRevocation = "atLeast=" + revoked.json().get("position").asLong();
        assertProblem(queries.get(RALF, "/negotiations/" + negotiation + "?" + atRevocation), 403, "forbidden");
        assertProblem(queries.get(RALF, "/negotiations?relationshipId=" + relationship + "&" + atRevocation),
                403, "forbidden");
        assertThat(ids(readAfter(revoked, RALF, "/negotiations?limit=200"))).doesNotContain(negotiation);
        assertProblem(queries.get(RALF, replay + "&" + atRevocation), 403, "forbidden");
        assertThat(readAfter(revoked, RITA, "/negotiations/" + negotiation).json().get("negotiation")
                .get("openedBy").asText()).isEqualTo("ralf");
    }

    @Test
    void theDelegateTableFollowsDelegationsRevocationsAndADelegateMadeOwner() throws Exception {
        String relationship = openRelationship("Handed Over Ltd", "PARTNER");
        Answer delegated = accepted(commands.post(RITA, "/relationships/" + relationship + "/delegates",
                "{\"delegate\":\"ralf\"}"));
        readAfter(delegated, MARIA, "/relationships/" + relationship);
        assertThat(delegatesOf(relationship)).containsExactly("ralf");
        try (Connection bi = dev.relationshipledger.testsupport.TestPostgres.connectAs(database, "ledger_bi");
             java.sql.PreparedStatement s = bi.prepareStatement(
                     "SELECT delegate FROM bi.relationship_delegates WHERE relationship_id = ?::uuid")) {
            s.setString(1, relationship);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("BI sees the delegation").isTrue();
                assertThat(rs.getString(1)).isEqualTo("ralf");
            }
        }
        Answer opened = accepted(commands.post(RITA, "/negotiations", "{\"relationshipId\":\"" + relationship
                + "\",\"subject\":\"Hand-over\",\"mandate\":" + NegotiationHistoryTest.MANDATE + "}"));
        String negotiation = opened.text("aggregateId");
        assertThat(ids(readAfter(opened, RALF, "/negotiations?limit=200"))).contains(negotiation);

        // the delegate becomes the owner: no longer a delegate (the fold drops them), and the former owner neither
        Answer reassigned = accepted(commands.post(MARIA, "/relationships/" + relationship + "/reassign-owner",
                "{\"newOwner\":\"ralf\",\"reason\":\"rita moves to another region\"}"));
        assertThat(ids(readAfter(reassigned, RALF, "/negotiations?limit=200"))).as("as owner").contains(negotiation);
        assertThat(delegatesOf(relationship)).isEmpty();
        assertThat(ids(readAfter(reassigned, RITA, "/negotiations?limit=200"))).doesNotContain(negotiation);

        Answer back = accepted(commands.post(RALF, "/relationships/" + relationship + "/delegates",
                "{\"delegate\":\"rita\"}"));
        assertThat(ids(readAfter(back, RITA, "/negotiations?limit=200"))).contains(negotiation);
        assertThat(delegatesOf(relationship)).containsExactly("rita");
        Answer revoked = accepted(commands.post(RALF, "/relationships/" + relationship + "/delegates/rita/revoke", ""));
        readAfter(revoked, MARIA, "/relationships/" + relationship);
        assertThat(delegatesOf(relationship)).isEmpty();
    }

    private static List<String> delegatesOf(String relationship) throws Exception {
        List<String> delegates = new ArrayList<>();
        try (Connection c = superuser(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT delegate FROM read_model.relationship_delegate "
                     + "WHERE relationship_id = '" + relationship + "' ORDER BY delegate")) {
            while (rs.next()) {
                delegates.add(rs.getString(1));
            }
        }
        return delegates;
    }

    @Test
    void withoutAStatusRowNoRelationshipManagerReplaysTheRelationship() throws Exception {
        Answer opened = accepted(commands.post(RALF, "/relationships",
                "{\"counterparty\":{\"name\":\"Ralf's Confidential Supplier\",\"kind\":\"SUPPLIER\"}}"));
        String relationship = opened.text("aggregateId");
        String steps = "/relationships/" + relationship + "/steps";
        assertThat(readAfter(opened, RALF, steps).json().get("steps")).hasSize(1);
        // the status row gone (not projected yet, or failed), the audit trail still holds the events a replay reads
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM read_model.relationship_status WHERE relationship_id = '"
                    + relationship + "'")).isEqualTo(1);
        }
        for (TestUsers manager : List.of(RITA, RALF)) {
            assertProblem(queries.get(manager, steps), 403, "forbidden");
            assertProblem(queries.get(manager, "/relationships/" + relationship + "/reputation?model=v2"), 403,
                    "forbidden");
        }
        assertThat(queries.get(MARIA, steps).status()).isEqualTo(200);
    }

    private static List<String> ids(Answer page) {
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("negotiationId").asText()));
        return ids;
    }
}
