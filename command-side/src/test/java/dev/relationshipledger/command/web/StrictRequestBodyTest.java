package dev.relationshipledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON value of the wrong type, or a key given twice, is refused with a 400 naming the field and records nothing
 * (command-side.yml spring.jackson, StrictRequestJson); it used to be converted and stored. Each refused body is
 * followed by the same body correctly typed, which is accepted, so the refusal is for the type and nothing else.
 */
class StrictRequestBodyTest extends CommandSideTest {

    static final String TERMS = """
            {"price":{"amount":%s,"currency":"EUR"},"quantity":1000,"durationMonths":%s,"paymentTermsDays":30}""";
    static final String CONTACT = """
            {"channel":"MEETING","summary":"Quarterly review","sentiment":"POSITIVE","occurredAt":%s}""";

    @Test
    void aNameThatIsNotTextIsRefused() {
        for (String name : List.of("123", "true", "1.5e3", "false", "-7")) {
            String id = UUID.randomUUID().toString();
            refused(http().post(RITA, "/relationships", opening(id, name, "\"tier\":\"KEY\"")), "counterparty.name");
            assertThat(eventsOf(id)).as(name).isZero();
        }
        String id = UUID.randomUUID().toString();
        accepted(http().post(RITA, "/relationships", opening(id, "\"123\"", "\"tier\":\"KEY\"")));
        assertThat(eventsOf(id)).isEqualTo(1);
    }

    @Test
    void aRepeatedKeyIsRefusedNotDecidedByTheLastOne() {
        String id = UUID.randomUUID().toString();
        refused(http().post(RITA, "/relationships", opening(id, "\"Twice Key\"", "\"tier\":\"KEY\",\"tier\":\"STRATEGIC\"")),
                "tier");
        refused(http().post(RITA, "/relationships", "{\"relationshipId\":\"" + id
                + "\",\"counterparty\":{\"name\":\"Twice Name\",\"name\":\"Other\",\"kind\":\"CUSTOMER\"}}"),
                "counterparty.name");
        assertThat(eventsOf(id)).isZero();
        accepted(http().post(RITA, "/relationships", opening(id, "\"Twice Key\"", "\"tier\":\"STRATEGIC\"")));
    }

    @Test
    void anythingAfterTheJsonDocumentIsRefused() {
        String id = UUID.randomUUID().toString();
        String body = opening(id, "\"Trailing Co\"", "\"tier\":\"KEY\"");
        for (String trailing : List.of(" this is not json", " {}", "{\"tier\":\"STRATEGIC\"}", "]")) {
            Answer answer = http().post(RITA, "/relationships", body + trailing);
            assertThat(answer.status()).as(trailing + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:malformed-json");
        }
        assertThat(eventsOf(id)).isZero();
        accepted(http().post(RITA, "/relationships", body + " \n"));
    }

    @Test
    void anEnumIsItsNameNotItsIndex() {
        String id = UUID.randomUUID().toString();
        refused(http().post(RITA, "/relationships", opening(id, "\"Index Co\"", "\"tier\":0")), "tier");
        assertThat(eventsOf(id)).isZero();
    }

    @Test
    void anInstantIsIsoTextNotEpochSeconds() {
        String relationship = open("Epoch Ltd");
        for (String occurredAt : List.of("1700000000", "1700000000.5", "[2026,1,20,10,0]")) {
            refused(http().post(RITA, "/relationships/" + relationship + "/contacts", CONTACT.formatted(occurredAt)),
                    "occurredAt");
        }
        assertThat(eventsOf(relationship)).isEqualTo(1);
        accepted(http().post(RITA, "/relationships/" + relationship + "/contacts",
                CONTACT.formatted("\"2023-11-14T22:13:20Z\"")));
        assertThat(eventsOf(relationship)).isEqualTo(2);
    }

    @Test
    void aNumberIsNotTextAndADateIsNotADateTime() {
        String relationship = open("Contract Types SA");
        String contract = UUID.randomUUID().toString();
        refused(http().post(RITA, "/contracts", signing(contract, relationship, TERMS.formatted("\"100\"", "12"),
                "2027-01-01")), "terms.price.amount");
        refused(http().post(RITA, "/contracts", signing(contract, relationship, TERMS.formatted("100", "\"12\""),
                "2027-01-01")), "terms.durationMonths");
        refused(http().post(RITA, "/contracts", signing(contract, relationship, TERMS.formatted("100", "99999999999"),
                "2027-01-01")), "terms.durationMonths");
        refused(http().post(RITA, "/contracts", signing(contract, relationship, TERMS.formatted("100", "12"),
                "2027-01-01T00:00:00Z")), "startsOn");
        refused(http().post(RITA, "/contracts", signing(contract, relationship, TERMS.formatted("100", "12"), null)
                .replace("\"startsOn\":null", "\"startsOn\":[2027,1,1]")), "startsOn");
        assertThat(eventsOf(contract)).isZero();
        accepted(http().post(RITA, "/contracts", signing(contract, relationship, TERMS.formatted("100", "12"),
                "2027-01-01")));
        assertThat(eventsOf(contract)).isEqualTo(1);
    }

    private static String opening(String id, String name, String tier) {
        return "{\"relationshipId\":\"" + id + "\",\"counterparty\":{\"name\":" + name + ",\"kind\":\"CUSTOMER\"},"
                + tier + "}";
    }

    private static String signing(String contractId, String relationshipId, String terms, String startsOn) {
        return "{\"contractId\":\"" + contractId + "\",\"relationshipId\":\"" + relationshipId
                + "\",\"title\":\"Steel supply\",\"startsOn\":" + (startsOn == null ? "null" : "\"" + startsOn + "\"")
                + ",\"endsOn\":\"2030-12-31\",\"terms\":" + terms + "}";
    }

    private String open(String name) {
        String id = UUID.randomUUID().toString();
        accepted(http().post(RITA, "/relationships", opening(id, "\"" + name + "\"", "\"tier\":\"KEY\"")));
        return id;
    }

    private static void accepted(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isBetween(200, 201);
    }

    private static void refused(Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:validation");
        List<String> fields = new ArrayList<>();
        for (JsonNode error : answer.json().get("errors")) {
            fields.add(error.get("field").asText());
        }
        assertThat(fields).as(answer.body()).containsExactly(field);
    }

    private static long eventsOf(String aggregateId) {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database);
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?")) {
            s.setString(1, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
