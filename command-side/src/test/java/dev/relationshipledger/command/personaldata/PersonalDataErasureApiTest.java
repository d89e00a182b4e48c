package dev.relationshipledger.command.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Erasing a person's details on a real database: the key goes, the event's bytes and the hash chain stay. */
class PersonalDataErasureApiTest extends CommandSideTest {

    static final String JANE = """
            {"personId":"%s","name":"Jane Erasable","position":"Chief Financial Officer","email":"jane@erasable.example"}""";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Serializer serializer;
    @Autowired
    JdbcPersonalDataKeys keys;

    String open() {
        Answer answer = http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"Erasure Co\",\"kind\":\"CUSTOMER\"}}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    byte[] storedPerson(String relationship) {
        return jdbc.queryForObject("SELECT payload FROM event_store.domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type = ?", byte[].class, relationship, CounterpartyPersonAdded.class.getName());
    }

    Map<String, Object> key(String relationship, UUID person) {
        return jdbc.queryForMap("SELECT secret, erased_at FROM event_store.personal_data_key "
                + "WHERE relationship_id = ?::uuid AND person_id = ?", relationship, person);
    }

    CounterpartyPerson read(byte[] payload) {
        CounterpartyPersonAdded event = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class,
                CounterpartyPersonAdded.class.getName(), null));
        return event.person();
    }

    @Test
    void aPersonsDetailsAreStoredSealedAndErasedByDestroyingTheirKey() {
        String relationship = open();
        UUID person = UUID.randomUUID();
        String people = "/relationships/" + relationship + "/people";
        assertThat(http().post(RITA, people, JANE.formatted(person)).status()).isEqualTo(200);

        byte[] stored = storedPerson(relationship);
        assertThat(new String(stored, StandardCharsets.UTF_8))
                .doesNotContain("Jane", "Erasable", "Financial", "erasable.example").contains("AES-256-GCM", person.toString());
        assertThat((byte[]) key(relationship, person).get("secret")).hasSize(32);
        assertThat(read(stored).name()).isEqualTo("Jane Erasable");

        String erase = people + "/" + person + "/erase";
        String reason = "{\"reason\":\"erasure request DSR-2026-0142 (GDPR Art. 17)\"}";
        assertThat(http().post(RITA, erase, reason).status()).as("owners do not erase").isEqualTo(403);
        assertThat(http().post(MARIA, erase, reason).status()).as("nor managers").isEqualTo(403);
        Answer blank = http().post(CARL, erase, "{\"reason\":\" \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.contentType()).startsWith("application/problem+json");
        assertThat(key(relationship, person).get("secret")).as("nothing erased by a refused request").isNotNull();

        Answer erased = http().post(CARL, erase, reason);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);

        assertThat(key(relationship, person).get("secret")).isNull();
        assertThat(key(relationship, person).get("erased_at")).isNotNull();
        assertThat(storedPerson(relationship)).as("the event's bytes are untouched").isEqualTo(stored);
        assertThat(read(stored)).isEqualTo(CounterpartyPerson.erased(new dev.relationshipledger.kernel.id.PersonId(person)));

        Answer again = http().post(CARL, erase, reason);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("rule")).isEqualTo("erased-once");
        Answer readded = http().post(RITA, people, JANE.formatted(person));
        assertThat(readded.status()).isEqualTo(409);
        assertThat(readded.text("rule")).isEqualTo("erased-person-stays-erased");
        Answer unknown = http().post(CARL, people + "/" + UUID.randomUUID() + "/erase", reason);
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.text("rule")).isEqualTo("erases-a-recorded-person");

        // the relationship goes on, its aggregate reading the erased person from the store like any other event
        assertThat(http().post(RITA, people, JANE.formatted(UUID.randomUUID())).status()).isEqualTo(200);
        awaitVerifiedUpTo(erased.json().get("position").asLong());
    }

    @Test
    void aKeyIsNeitherReplacedNorBroughtBackNorDeleted() throws java.sql.SQLException {
        String relationship = open();
        UUID person = UUID.randomUUID();
        assertThat(http().post(RITA, "/relationships/" + relationship + "/people", JANE.formatted(person)).status())
                .isEqualTo(200);

        assertThatThrownBy(() -> jdbc.update("UPDATE event_store.personal_data_key SET secret = ? "
                + "WHERE relationship_id = ?::uuid AND person_id = ?", new byte[32], relationship, person))
                .hasStackTraceContaining("only created or destroyed");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM event_store.personal_data_key "
                + "WHERE relationship_id = ?::uuid AND person_id = ?", relationship, person))
                .hasStackTraceContaining("permission denied");

        assertThat(http().post(CARL, "/relationships/" + relationship + "/people/" + person + "/erase",
                "{\"reason\":\"DSR-9\"}").status()).isEqualTo(200);
        assertThatThrownBy(() -> jdbc.update("UPDATE event_store.personal_data_key SET secret = ?, erased_at = NULL "
                + "WHERE relationship_id = ?::uuid AND person_id = ?", new byte[32], relationship, person))
                .hasStackTraceContaining("only created or destroyed");
        try (java.sql.Connection owner = dev.relationshipledger.testsupport.TestPostgres.superuserConnection(
                DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1)); java.sql.Statement s = owner.createStatement()) {
            assertThatThrownBy(() -> s.execute("TRUNCATE event_store.personal_data_key"))
                    .as("not even by the owner").hasMessageContaining("only created or destroyed");
        }
        assertThat(keys.erased(new KeyHolder.Person(dev.relationshipledger.kernel.id.RelationshipId.of(relationship),
                new dev.relationshipledger.kernel.id.PersonId(person)))).isTrue();
    }

    @Test
    void theErasureForgetsTheRequestsThatRecordedThePerson() {
        String relationship = open();
        UUID person = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String people = "/relationships/" + relationship + "/people";
        Map<String, String> janesKey = Map.of("Idempotency-Key", "add-jane-" + person);
        Map<String, String> othersKey = Map.of("Idempotency-Key", "add-other-" + other);
        assertThat(http().post(RITA, people, JANE.formatted(person), janesKey).status()).isEqualTo(200);
        assertThat(http().post(RITA, people, JANE.formatted(other), othersKey).status()).isEqualTo(200);
        Answer contact = http().post(RITA, "/relationships/" + relationship + "/contacts", """
                {"channel":"MEETING","summary":"call","sentiment":"POSITIVE","occurredAt":"2026-11-30T10:00:00Z"}""",
                Map.of("Idempotency-Key", "contact-" + person));
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        Answer retried = http().post(RITA, people, JANE.formatted(person), janesKey);
        assertThat(retried.raw().headers().firstValue("Idempotent-Replayed")).as("remembered before").hasValue("true");
        assertThat(requestsRemembered(relationship)).containsExactlyInAnyOrder(
                "add-jane-" + person + "=" + person, "add-other-" + other + "=" + other, "contact-" + person + "=null");

        assertThat(http().post(CARL, people + "/" + person + "/erase", "{\"reason\":\"DSR-11\"}").status()).isEqualTo(200);

        // the fingerprint hashed Jane's name and email: it goes with her key; the other requests' stay
        assertThat(requestsRemembered(relationship)).containsExactlyInAnyOrder(
                "add-other-" + other + "=" + other, "contact-" + person + "=null");
        Answer retriedAfter = http().post(RITA, people, JANE.formatted(person), janesKey);
        assertThat(retriedAfter.status()).as("decided again, and refused").isEqualTo(409);
        assertThat(retriedAfter.text("rule")).isEqualTo("erased-person-stays-erased");
    }

    java.util.List<String> requestsRemembered(String relationship) {
        return jdbc.queryForList("SELECT idempotency_key || '=' || coalesce(person_id::text, 'null') "
                + "FROM event_store.idempotency_key WHERE aggregate_id = ?", String.class, relationship);
    }

    @Test
    void aPersonRecordedBeforeSealingIsErasedForGoodToo() {
        String relationship = open();
        dev.relationshipledger.kernel.id.RelationshipId id = dev.relationshipledger.kernel.id.RelationshipId.of(relationship);
        dev.relationshipledger.kernel.id.PersonId legacy = dev.relationshipledger.kernel.id.PersonId.generate();
        byte[] clearText = ("{\"relationshipId\":\"" + relationship + "\",\"person\":{\"personId\":\"" + legacy
                + "\",\"name\":\"Old Timer\",\"position\":null,\"email\":null}}").getBytes(StandardCharsets.UTF_8);
        KeyHolder holder = new KeyHolder.Person(id, legacy);
        assertThat(read(clearText).name()).isEqualTo("Old Timer");
        assertThat(keys.erased(holder)).isFalse();

        jdbc.execute((java.sql.Connection c) -> dev.relationshipledger.kernel.personaldata.KeyTable.destroy(c, holder));

        assertThat(keys.erased(holder)).isTrue();
        assertThat(read(clearText)).isEqualTo(CounterpartyPerson.erased(legacy));
        assertThatThrownBy(() -> keys.sealingKey(holder)).as("and no key is ever made for the id")
                .isInstanceOf(dev.relationshipledger.kernel.personaldata.PersonalDataErased.class);
    }

    void awaitVerifiedUpTo(long position) {
        JsonNode verification = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http().get(CARL, "/chain/verification").json(),
                        json -> json.get("chainHead").asLong(0) >= position);
        assertThat(verification.get("ok").asBoolean()).as("the chain verifies after the erasure: " + verification).isTrue();
    }
}
