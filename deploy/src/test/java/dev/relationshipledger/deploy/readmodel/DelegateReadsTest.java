package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.relationshipledger.deploy.readmodel.NegotiationHistoryTest.assertProblem;
import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
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

    private static List<String> ids(Answer page) {
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("negotiationId").asText()));
        return ids;
    }
}
