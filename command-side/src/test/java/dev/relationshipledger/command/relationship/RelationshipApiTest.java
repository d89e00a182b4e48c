package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/** The relationship resource over HTTP on a real database, including the rules that need the directory. */
class RelationshipApiTest extends CommandSideTest {

    static final String CONTACT = "{\"channel\":\"CALL\",\"summary\":\"call\",\"occurredAt\":\"2026-01-05T09:00:00Z\"}";

    String open() {
        Answer answer = http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"Api Co\",\"kind\":\"PARTNER\"}}");
        assertThat(answer.status()).isEqualTo(201);
        return "/relationships/" + answer.text("aggregateId");
    }

    @Test
    void aDelegateRecordsUntilRevoked() {
        String r = open();
        assertThat(http().post(RALF, r + "/contacts", CONTACT).status()).isEqualTo(403);
        assertThat(http().post(RITA, r + "/delegates", "{\"delegate\":\"ralf\"}").status()).isEqualTo(200);
        assertThat(http().post(RALF, r + "/contacts", CONTACT).status()).isEqualTo(201);
        assertThat(http().post(RITA, r + "/delegates/ralf/revoke", "").status()).isEqualTo(200);
        assertThat(http().post(RALF, r + "/contacts", CONTACT).status()).isEqualTo(403);
    }

    @Test
    void ownersAreReassignedByManagersAndAdminsOnly() {
        String r = open();
        assertThat(http().post(RITA, r + "/reassign-owner", "{\"newOwner\":\"ralf\",\"reason\":\"x\"}").status()).isEqualTo(403);
        assertThat(http().post(CARL, r + "/reassign-owner", "{\"newOwner\":\"ralf\",\"reason\":\"x\"}").status()).isEqualTo(403);
        Answer byAdmin = http().post(ADAM, r + "/reassign-owner", "{\"newOwner\":\"ralf\",\"reason\":\"rita on leave\"}");
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(http().post(RALF, r + "/contacts", CONTACT).status()).isEqualTo(201);
        assertThat(http().post(RITA, r + "/contacts", CONTACT).status()).isEqualTo(403);
        assertThat(http().post(MARIA, r + "/reassign-owner", "{\"newOwner\":\"rita\",\"reason\":\"back\"}").status()).isEqualTo(200);
    }

    @Test
    void aDelegateWhoBecameOwnerLosesEveryRightWhenOwnershipMovesOn() {
        String r = open();
        assertThat(http().post(RITA, r + "/delegates", "{\"delegate\":\"ralf\"}").status()).isEqualTo(200);
        assertThat(http().post(MARIA, r + "/reassign-owner", "{\"newOwner\":\"ralf\",\"reason\":\"x\"}").status())
                .isEqualTo(200);
        assertThat(http().post(MARIA, r + "/reassign-owner", "{\"newOwner\":\"rita\",\"reason\":\"y\"}").status())
                .isEqualTo(200);
        assertThat(http().post(RALF, r + "/contacts", CONTACT).status())
                .as("no delegation survives ralf's ownership").isEqualTo(403);
        // the other aggregates ask the command side's relationship directory, which must agree with the relationship
        String complaint = "{\"relationshipId\":\"" + r.substring(r.lastIndexOf('/') + 1) + "\",\"category\":\"DELIVERY\","
                + "\"severity\":\"LOW\",\"description\":\"late\",\"receivedAt\":\"2026-01-20T09:30:00Z\"}";
        assertThat(http().post(RALF, "/complaints", complaint).status()).as("nor in the directory").isEqualTo(403);
    }

    @Test
    void aClosedRelationshipTakesNoContactsUntilReopened() {
        String r = open();
        assertThat(http().post(RITA, r + "/close", "{\"reason\":\"merged into another account\"}").status()).isEqualTo(200);
        Answer refused = http().post(RITA, r + "/contacts", CONTACT);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("rule")).isEqualTo("relationship-open");
        assertThat(http().post(RITA, r + "/reopen", "{\"reason\":\"split again\"}").status()).isEqualTo(200);
        assertThat(http().post(RITA, r + "/contacts", CONTACT).status()).isEqualTo(201);
    }

    @Test
    void peopleTierAndCorrections() {
        String r = open();
        Answer person = http().post(RITA, r + "/people", "{\"name\":\"Jane Doe\",\"position\":\"CFO\",\"email\":\"jane@api.example\"}");
        assertThat(person.status()).isEqualTo(200);
        assertThat(http().post(RITA, r + "/people", "{\"name\":\"No Mail\",\"email\":\"not-an-email\"}").status()).isEqualTo(400);
        assertThat(http().post(RITA, r + "/change-tier", "{\"tier\":\"STRATEGIC\",\"reason\":\"grew\"}").status()).isEqualTo(200);
        assertThat(http().post(RITA, r + "/change-tier", "{\"tier\":\"STRATEGIC\",\"reason\":\"again\"}").status()).isEqualTo(409);
        String contactId = "7f0e2b7c-1d9a-4c1e-9b7f-2a3c4d5e6f70";
        assertThat(http().post(RITA, r + "/contacts", CONTACT.replace("{", "{\"contactId\":\"" + contactId + "\",")).status())
                .isEqualTo(201);
        Answer corrected = http().post(RITA, r + "/contacts/" + contactId + "/corrections",
                "{\"correctedSummary\":\"call about pricing\",\"reason\":\"summary was incomplete\"}");
        assertThat(corrected.status()).isEqualTo(200);
        assertThat(http().post(RITA, r + "/contacts/" + java.util.UUID.randomUUID() + "/corrections",
                "{\"correctedSummary\":\"x\",\"reason\":\"y\"}").status()).isEqualTo(409);
    }
}
