package dev.relationshipledger.command.complaint;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/** The complaint API over HTTP, on the real event store: the life of a complaint and its refusals. */
class ComplaintApiTest extends CommandSideTest {

    String openRelationship(String name) {
        Answer answer = http().post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"CUSTOMER\"}}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    String file(String relationshipId) {
        Answer answer = http().post(RITA, "/complaints", complaint(relationshipId));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.raw().headers().firstValue("Location")).hasValue("/complaints/" + answer.text("aggregateId"));
        return answer.text("aggregateId");
    }

    static String complaint(String relationshipId) {
        return "{\"relationshipId\":\"" + relationshipId + "\",\"category\":\"DELIVERY\",\"severity\":\"HIGH\","
                + "\"description\":\"Second delivery in a row arrived a week late\","
                + "\"receivedAt\":\"2026-01-20T09:30:00Z\"}";
    }

    Answer post(String complaintId, String action, String body) {
        return http().post(RITA, "/complaints/" + complaintId + "/" + action, body);
    }

    @Test
    void aComplaintGoesThroughItsWholeLife() {
        String id = file(openRelationship("Late Deliveries Ltd"));

        assertAccepted(post(id, "acknowledge", "{\"note\":\"called back\"}"), id, 1);
        assertAccepted(post(id, "escalate", "{\"escalatedTo\":\"maria\",\"reason\":\"needs a credit note\"}"), id, 2);
        assertAccepted(http().post(MARIA, "/complaints/" + id + "/resolve",
                "{\"resolution\":\"credit note issued\",\"compensation\":{\"amount\":250,\"currency\":\"EUR\"},"
                        + "\"satisfaction\":\"SATISFIED\"}"), id, 3);
        assertAccepted(post(id, "reopen", "{\"reason\":\"credit note never arrived\"}"), id, 4);
        assertAccepted(post(id, "corrections", "{\"severity\":\"CRITICAL\",\"reason\":\"production line stopped\"}"), id, 5);
        assertAccepted(post(id, "resolve", "{\"resolution\":\"credit note re-sent\"}"), id, 6);
    }

    @Test
    void aComplaintIsWithdrawnAndThenNothingMoreIsRecorded() {
        String id = file(openRelationship("Changed Mind GmbH"));
        assertAccepted(post(id, "withdraw", "{\"reason\":\"customer found the parcel\"}"), id, 1);
        assertRule(post(id, "acknowledge", "{}"), "complaint-not-withdrawn");
        assertRule(post(id, "corrections", "{\"category\":\"OTHER\",\"reason\":\"x\"}"), "complaint-not-withdrawn");
    }

    @Test
    void aClosedCustomerCanStillComplain() {
        String relationship = openRelationship("Former Customer SA");
        assertThat(http().post(RITA, "/relationships/" + relationship + "/close", "{\"reason\":\"contract ended\"}")
                .status()).isEqualTo(200);
        file(relationship);
    }

    @Test
    void illegalTransitionsAre409WithTheRule() {
        String id = file(openRelationship("Impatient Inc"));
        assertRule(post(id, "resolve", "{\"resolution\":\"done\"}"), "complaint-acknowledged-first");
        assertRule(post(id, "reopen", "{\"reason\":\"again\"}"), "reopens-a-resolved-complaint");
        assertThat(post(id, "acknowledge", "{}").status()).isEqualTo(200);
        assertRule(post(id, "acknowledge", "{}"), "complaint-acknowledged-once");
        assertRule(post(id, "escalate", "{\"escalatedTo\":\"rita\",\"reason\":\"x\"}"), "escalates-to-someone-else");
    }

    @Test
    void onlyTheOwnerADelegateOrAManagerRecords() {
        String relationship = openRelationship("Guarded Co");
        assertProblem(http().post(RALF, "/complaints", complaint(relationship)), 403, "not-permitted");
        String id = file(relationship);
        assertProblem(http().post(RALF, "/complaints/" + id + "/acknowledge", "{}"), 403, "not-permitted");
        assertThat(http().post(MARIA, "/complaints/" + id + "/acknowledge", "{}").status()).isEqualTo(200);
    }

    @Test
    void unknownRelationshipsAndComplaintsAre404() {
        assertProblem(http().post(RITA, "/complaints", complaint(UUID.randomUUID().toString())), 404, "not-found");
        assertProblem(post(UUID.randomUUID().toString(), "acknowledge", "{}"), 404, "not-found");
    }

    @Test
    void badInputIs400NamingTheField() {
        String relationship = openRelationship("Sloppy Input BV");
        Answer answer = http().post(RITA, "/complaints", complaint(relationship).replace("DELIVERY", "WEATHER"));
        assertProblem(answer, 400, "validation");
        assertThat(answer.body()).contains("\"field\":\"category\"");

        answer = http().post(RITA, "/complaints", "{\"relationshipId\":\"" + relationship + "\",\"description\":\" \"}");
        assertProblem(answer, 400, "validation");
        assertThat(answer.body()).contains("\"field\":\"category\"", "\"field\":\"severity\"",
                "\"field\":\"description\"", "\"field\":\"receivedAt\"");

        String id = file(relationship);
        answer = post(id, "resolve", "{\"resolution\":\"paid\",\"compensation\":{\"amount\":-5,\"currency\":\"EUR\"}}");
        assertProblem(answer, 400, "validation");
        assertThat(answer.body()).contains("compensation");
    }

    @Test
    void filingTheSameIdTwiceIs409() {
        String relationship = openRelationship("Repeat AG");
        String id = file(relationship);
        assertProblem(http().post(RITA, "/complaints",
                complaint(relationship).replace("{", "{\"complaintId\":\"" + id + "\",")), 409, "already-exists");
    }

    private static void assertAccepted(Answer answer, String id, long version) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.text("aggregateId")).isEqualTo(id);
        assertThat(answer.json().get("version").asLong()).isEqualTo(version);
    }

    private static void assertRule(Answer answer, String rule) {
        assertProblem(answer, 409, "rule-violated");
        assertThat(answer.text("rule")).isEqualTo(rule);
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:" + type);
    }
}
