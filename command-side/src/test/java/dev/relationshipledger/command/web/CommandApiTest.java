package dev.relationshipledger.command.web;

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

import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/** The command API as a client sees it: answers, problems, and what ends up in the event store. */
class CommandApiTest extends CommandSideTest {

    static final String CONTACT = """
            {"channel":"MEETING","summary":"Quarterly review","sentiment":"POSITIVE",
             "occurredAt":"2026-01-20T10:00:00Z","participants":["Jane Doe"]}""";

    String open(String name) {
        Answer answer = http().post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"SUPPLIER\",\"segment\":\"steel\"},\"tier\":\"KEY\"}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    @Test
    void openingAnswersWithIdVersionAndPosition() {
        Answer answer = http().post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Acme\",\"kind\":\"SUPPLIER\"}}");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("version").asLong()).isZero();
        assertThat(answer.json().get("position").asLong()).isPositive();
        assertThat(answer.raw().headers().firstValue("Location")).hasValue("/relationships/" + answer.text("aggregateId"));
    }

    @Test
    void aContactIsRecordedWithTheAuthenticatedActorCorrelationAndCausation() throws Exception {
        String id = open("Metadata GmbH");
        Answer answer = http().post(RITA, "/relationships/" + id + "/contacts", CONTACT,
                Map.of("X-Correlation-Id", "corr-42"));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("version").asLong()).isEqualTo(1);

        JsonNode metadata = metadataAt(answer.json().get("position").asLong());
        assertThat(metadata.get("actor").asText()).isEqualTo("rita");
        assertThat(metadata.get("actorRoles").asText()).isEqualTo("RELATIONSHIP_MANAGER");
        assertThat(metadata.get("correlationId").asText()).isEqualTo("corr-42");
        assertThat(metadata.get("causationId").asText()).isNotBlank();
    }

    @Test
    void nothingInTheBodyCanSetTheActor() {
        String id = open("Spoof Inc");
        Answer answer = http().post(RITA, "/relationships/" + id + "/contacts",
                CONTACT.replace("{", "{\"actor\":\"maria\","));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"field\":\"actor\"");
    }

    @Test
    void validationErrorsNameEachField() {
        Answer answer = http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\" \",\"kind\":\"SUPPLIER\"}}");
        assertProblem(answer, 400, "validation");
        assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo("counterparty.name");

        answer = http().post(RITA, "/relationships/" + open("Fields Ltd") + "/contacts", "{\"summary\":\"\"}");
        assertProblem(answer, 400, "validation");
        assertThat(answer.body()).contains("\"field\":\"channel\"", "\"field\":\"summary\"", "\"field\":\"occurredAt\"");
    }

    @Test
    void unknownEnumValuesWrongTypesAndMalformedJsonAre400() {
        assertProblem(http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"A\",\"kind\":\"ALIEN\"}}"), 400, "validation");
        assertProblem(http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"A\",\"kind\":\"CUSTOMER\"},\"tier\":7}"), 400, "validation");
        assertProblem(http().post(RITA, "/relationships", "{\"counterparty\":"), 400, "malformed-json");
        assertProblem(http().post(RITA, "/relationships", ""), 400, "malformed-json");
        assertProblem(http().post(RITA, "/relationships", "{\"relationshipId\":\"not-a-uuid\"}"), 400, "validation");
        assertProblem(http().post(RITA, "/relationships/not-a-uuid/contacts", CONTACT), 400, "validation");
    }

    @Test
    void anUnknownRelationshipIs404() {
        assertProblem(http().post(RITA, "/relationships/" + UUID.randomUUID() + "/contacts", CONTACT), 404, "not-found");
    }

    @Test
    void openingOneThatExistsIs409() {
        String id = open("Twice AG");
        Answer answer = http().post(RITA, "/relationships",
                "{\"relationshipId\":\"" + id + "\",\"counterparty\":{\"name\":\"Twice AG\",\"kind\":\"SUPPLIER\"}}");
        assertProblem(answer, 409, "already-exists");
    }

    @Test
    void aStaleExpectedVersionIs409AndAppendsNothing() {
        String id = open("Stale SA");
        assertThat(http().post(RITA, "/relationships/" + id + "/contacts", CONTACT, Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(201);
        Answer stale = http().post(RITA, "/relationships/" + id + "/contacts", CONTACT, Map.of("If-Match", "\"0\""));
        assertProblem(stale, 409, "version-conflict");
        Answer current = http().post(RITA, "/relationships/" + id + "/contacts", CONTACT, Map.of("If-Match", "\"1\""));
        assertThat(current.status()).isEqualTo(201);
        assertThat(current.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void missingCredentialsAre401AndReadOnlyRolesAre403() {
        assertProblem(http().post(null, "/relationships", "{}"), 401, "unauthenticated");
        assertProblem(http().post(CARL, "/relationships", "{}"), 403, "forbidden");
        assertProblem(http().post(BIANCA, "/relationships", "{}"), 403, "forbidden");
    }

    @Test
    void onlyTheOwnerOrAManagerRecords() {
        String id = open("Owned Co");
        assertProblem(http().post(RALF, "/relationships/" + id + "/contacts", CONTACT), 403, "not-permitted");
        assertThat(http().post(MARIA, "/relationships/" + id + "/contacts", CONTACT).status()).isEqualTo(201);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = "{\"summary\":\"" + "x".repeat(300_000) + "\"}";
        assertProblem(http().post(RITA, "/relationships/" + UUID.randomUUID() + "/contacts", huge), 413, "payload-too-large");
    }

    @Test
    void aRejectedPathGetsAProblemToo() {
        assertProblem(http().post(RITA, "/relationships//contacts", CONTACT), 400, "request-rejected");
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:" + type);
    }

    private static JsonNode metadataAt(long position) throws Exception {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database);
             PreparedStatement s = c.prepareStatement("SELECT meta_data FROM event_store.domain_event_entry WHERE global_index = ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new ObjectMapper().readTree(rs.getBytes(1));
            }
        }
    }
}
