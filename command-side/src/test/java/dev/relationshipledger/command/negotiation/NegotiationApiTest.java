package dev.relationshipledger.command.negotiation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/** Negotiations over HTTP on a real PostgreSQL: rita owns the relationship, maria (a manager) approves. */
class NegotiationApiTest extends CommandSideTest {

    static final String MANDATE = """
            {"priceFloor":{"amount":100,"currency":"EUR"},"maxDiscountPercent":10,
             "minDurationMonths":12,"maxDurationMonths":36,"approvers":["maria"]}""";
    static final String WITHIN = """
            {"price":{"amount":120,"currency":"EUR"},"quantity":1000,"durationMonths":24,"paymentTermsDays":30,
             "discountPercent":5,"conditions":["delivery DAP Hamburg"]}""";
    static final String BELOW_FLOOR = """
            {"price":{"amount":95,"currency":"EUR"},"quantity":1000,"durationMonths":24,"paymentTermsDays":30,
             "discountPercent":5,"conditions":["delivery DAP Hamburg"]}""";

    String openRelationship() {
        Answer answer = http().post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Negotiating GmbH\",\"kind\":\"CUSTOMER\"}}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    String openNegotiation() {
        Answer answer = http().post(RITA, "/negotiations", "{\"relationshipId\":\"" + openRelationship()
                + "\",\"subject\":\"2027 supply\",\"mandate\":" + MANDATE + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String id = answer.text("aggregateId");
        assertThat(answer.raw().headers().firstValue("Location")).hasValue("/negotiations/" + id);
        return id;
    }

    static String proposal(String side, String terms) {
        return "{\"side\":\"" + side + "\",\"terms\":" + terms + "}";
    }

    static String proposalIdOf(Answer answer) {
        String location = answer.raw().headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void theApprovalPathFromRefusalToAgreement() throws Exception {
        String id = openNegotiation();
        String base = "/negotiations/" + id;

        Answer theirs = http().post(RITA, base + "/proposals", proposal("THEIRS", BELOW_FLOOR));
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
        String theirId = proposalIdOf(theirs);
        assertThat(theirs.raw().headers().firstValue("Location")).hasValue(base + "/proposals/" + theirId);

        assertRule(http().post(RITA, base + "/proposals", proposal("OURS", BELOW_FLOOR)), 409,
                "ours-within-mandate-or-approved");
        assertRule(http().post(RITA, base + "/conclude",
                "{\"outcome\":\"AGREED\",\"agreedProposalId\":\"" + theirId + "\"}"), 409, "agreed-terms-within-mandate");

        Answer requested = http().post(RITA, base + "/approvals",
                "{\"terms\":" + BELOW_FLOOR + ",\"justification\":\"volume of 1000 t justifies 95\"}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        String approvalId = proposalIdOf(requested);
        assertThat(requested.raw().headers().firstValue("Location")).hasValue(base + "/approvals/" + approvalId);

        assertRule(http().post(RITA, base + "/approvals/" + approvalId + "/grant", "{}"), 403, "approver-in-mandate");
        Answer granted = http().post(MARIA, base + "/approvals/" + approvalId + "/grant", "{\"comment\":\"ok\"}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);

        Answer ours = http().post(RITA, base + "/proposals",
                "{\"side\":\"OURS\",\"terms\":" + BELOW_FLOOR + ",\"approvalId\":\"" + approvalId + "\"}");
        assertThat(ours.status()).as(ours.body()).isEqualTo(201);
        JsonNode made = payloadAt(ours.json().get("position").asLong());
        assertThat(made.get("round").asInt()).isEqualTo(2);
        assertThat(made.get("withinMandate").asBoolean()).isFalse();
        assertThat(made.get("approvedBy").asText()).isEqualTo("maria");
        assertThat(made.get("approvedAt").asText()).isNotBlank();
        assertThat(made.get("breaches").get(0).asText()).isEqualTo("price 95 below floor 100");

        assertRule(http().post(RITA, base + "/proposals",
                "{\"side\":\"OURS\",\"terms\":" + BELOW_FLOOR + ",\"approvalId\":\"" + approvalId + "\"}"), 409,
                "approval-used-once");

        Answer corrected = http().post(RITA, base + "/proposals/" + theirId + "/corrections",
                "{\"correctedTerms\":" + WITHIN + ",\"reason\":\"misheard the price\"}");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        JsonNode correction = payloadAt(corrected.json().get("position").asLong());
        assertThat(correction.get("previousTerms").get("price").get("amount").asInt()).isEqualTo(95);
        assertThat(correction.get("correctedTerms").get("price").get("amount").asInt()).isEqualTo(120);

        Answer concluded = http().post(RITA, base + "/conclude",
                "{\"outcome\":\"AGREED\",\"agreedProposalId\":\"" + proposalIdOf(ours) + "\"}");
        assertThat(concluded.status()).as(concluded.body()).isEqualTo(200);
        JsonNode conclusion = payloadAt(concluded.json().get("position").asLong());
        assertThat(conclusion.get("outcome").asText()).isEqualTo("AGREED");
        assertThat(conclusion.get("agreedTerms").get("price").get("amount").asInt()).isEqualTo(95);

        assertRule(http().post(RITA, base + "/proposals", proposal("THEIRS", WITHIN)), 409, "nothing-after-conclusion");
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequestAndDenialsNeedAReason() {
        String base = "/negotiations/" + openNegotiation();
        Answer requested = http().post(MARIA, base + "/approvals",
                "{\"terms\":" + BELOW_FLOOR + ",\"justification\":\"strategic\"}");
        assertThat(requested.status()).isEqualTo(201);
        String approval = base + "/approvals/" + proposalIdOf(requested);
        assertRule(http().post(MARIA, approval + "/grant", ""), 403, "approver-not-requester");
        assertProblem(http().post(MARIA, approval + "/deny", "{}"), 400, "validation");
    }

    @Test
    void aRetriedProposalWithAnIdempotencyKeyAnswersTheSameLocation() {
        String base = "/negotiations/" + openNegotiation();
        Map<String, String> key = Map.of("Idempotency-Key", "proposal-" + UUID.randomUUID());
        Answer first = http().post(RITA, base + "/proposals", proposal("THEIRS", WITHIN), key);
        Answer retry = http().post(RITA, base + "/proposals", proposal("THEIRS", WITHIN), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.raw().headers().firstValue("Location")).isEqualTo(first.raw().headers().firstValue("Location"));
        assertThat(retry.json().get("version").asLong()).isEqualTo(first.json().get("version").asLong());
    }

    @Test
    void anotherRelationshipManagerMayNotRecord() {
        String base = "/negotiations/" + openNegotiation();
        assertRule(http().post(RALF, base + "/proposals", proposal("THEIRS", WITHIN)), 403, "owner-or-delegate-records");
        assertRule(http().post(RALF, "/negotiations", "{\"relationshipId\":\"" + openRelationship()
                + "\",\"subject\":\"x\",\"mandate\":" + MANDATE + "}"), 403, "owner-or-delegate-records");
    }

    @Test
    void unknownNegotiationsAndRelationshipsAre404() {
        assertProblem(http().post(RITA, "/negotiations/" + UUID.randomUUID() + "/proposals", proposal("THEIRS", WITHIN)),
                404, "not-found");
        assertProblem(http().post(RITA, "/negotiations", "{\"relationshipId\":\"" + UUID.randomUUID()
                + "\",\"subject\":\"x\",\"mandate\":" + MANDATE + "}"), 404, "not-found");
    }

    @Test
    void badInputNamesTheField() {
        String base = "/negotiations/" + openNegotiation();
        Answer noApprovers = http().post(RITA, "/negotiations", "{\"relationshipId\":\"" + openRelationship()
                + "\",\"subject\":\"x\",\"mandate\":{\"approvers\":[]}}");
        assertProblem(noApprovers, 400, "validation");
        assertThat(noApprovers.body()).contains("\"field\":\"mandate.approvers\"");
        assertProblem(http().post(RITA, base + "/conclude", "{\"outcome\":\"AGREED\"}"), 400, "validation");
        Answer badCurrency = http().post(RITA, base + "/proposals",
                "{\"side\":\"THEIRS\",\"terms\":{\"price\":{\"amount\":1,\"currency\":\"XXY\"}}}");
        assertProblem(badCurrency, 400, "validation");
        assertThat(badCurrency.body()).contains("\"field\":\"terms.price.currency\"");
    }

    private static void assertRule(Answer answer, int status, String rule) {
        assertProblem(answer, status, status == 403 ? "not-permitted" : "rule-violated");
        assertThat(answer.text("rule")).isEqualTo(rule);
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:" + type);
    }

    private static JsonNode payloadAt(long position) throws Exception {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database);
             PreparedStatement s = c.prepareStatement("SELECT payload FROM event_store.domain_event_entry WHERE global_index = ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new ObjectMapper().readTree(rs.getBytes(1));
            }
        }
    }
}
