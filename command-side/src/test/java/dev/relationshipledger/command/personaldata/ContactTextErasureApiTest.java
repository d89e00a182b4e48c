package dev.relationshipledger.command.personaldata;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.kernel.personaldata.PersonalDataErased;
import dev.relationshipledger.kernel.personaldata.PersonalDataModule;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Erasing what was said at a contact on a real database (decision 0021): the contact's key goes, the event's bytes,
 * the contact itself and the hash chain stay.
 */
class ContactTextErasureApiTest extends ErasureApiTest {

    static final String CONTACT = """
            {"contactId":"%s","channel":"MEETING","participants":["Jane Erasable","Rita"],
             "summary":"Jane Erasable said her divorce delays the order","sentiment":"NEUTRAL",
             "followUps":["call Jane Erasable next week"],"occurredAt":"2026-11-30T10:00:00Z"}""";
    static final String REASON = "{\"reason\":\"erasure request DSR-2026-0143 (GDPR Art. 17)\"}";


    byte[] stored(String relationship, Class<?> type) {
        return jdbc.queryForObject("SELECT payload FROM event_store.domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type = ? ORDER BY sequence_number DESC LIMIT 1", byte[].class, relationship, type.getName());
    }

    Map<String, Object> key(String relationship, UUID contact) {
        return jdbc.queryForMap("SELECT secret, erased_at FROM event_store.contact_text_key "
                + "WHERE relationship_id = ?::uuid AND contact_id = ?", relationship, contact);
    }

    @Test
    void whatWasSaidIsStoredSealedAndErasedByDestroyingTheContactsKey() throws Exception {
        String relationship = open();
        UUID contact = UUID.randomUUID();
        String contacts = "/relationships/" + relationship + "/contacts";
        Answer logged = http().post(RITA, contacts, CONTACT.formatted(contact));
        assertThat(logged.status()).as(logged.body()).isEqualTo(201);
        String corrections = contacts + "/" + contact + "/corrections";
        Answer corrected = http().post(RITA, corrections,
                "{\"correctedSummary\":\"Jane Erasable said her move delays the order\",\"reason\":\"misheard\"}");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);

        byte[] stored = stored(relationship, ContactLogged.class);
        byte[] correction = stored(relationship, ContactSummaryCorrected.class);
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("Jane", "divorce", "next week")
                .contains("AES-256-GCM", contact.toString(), "MEETING", "NEUTRAL", "2026-11-30T10:00:00Z");
        assertThat(new String(correction, StandardCharsets.UTF_8)).doesNotContain("Jane", "move").contains("misheard");
        assertThat((byte[]) key(relationship, contact).get("secret")).hasSize(32);
        ContactLogged opened = opening().readValue(stored, ContactLogged.class);
        assertThat(opened.summary()).isEqualTo("Jane Erasable said her divorce delays the order");
        assertThat(opened.participants()).containsExactly("Jane Erasable", "Rita");

        String erase = contacts + "/" + contact + "/erase";
        assertThat(http().post(RITA, erase, REASON).status()).as("owners do not erase").isEqualTo(403);
        assertThat(http().post(MARIA, erase, REASON).status()).as("nor managers").isEqualTo(403);
        Answer blank = http().post(CARL, erase, "{\"reason\":\"\"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.contentType()).startsWith("application/problem+json");
        assertThat(key(relationship, contact).get("secret")).as("nothing erased by a refused request").isNotNull();

        Answer erased = http().post(CARL, erase, REASON);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);

        assertThat(key(relationship, contact).get("secret")).isNull();
        assertThat(key(relationship, contact).get("erased_at")).isNotNull();
        assertThat(stored(relationship, ContactLogged.class)).as("the event's bytes are untouched").isEqualTo(stored);
        ContactLogged read = opening().readValue(stored, ContactLogged.class);
        assertThat(read.summary()).isEqualTo(PersonalDataModule.ERASED);
        assertThat(read.participants()).containsExactly("[erased]", "[erased]");
        assertThat(read.followUps()).containsExactly("[erased]");
        assertThat(read.channel().name()).as("the contact itself stays").isEqualTo("MEETING");
        assertThat(opening().readValue(correction, ContactSummaryCorrected.class).correctedSummary())
                .isEqualTo(PersonalDataModule.ERASED);

        Answer again = http().post(CARL, erase, REASON);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("rule")).isEqualTo("erased-once");
        Answer correctedAfter = http().post(RITA, corrections,
                "{\"correctedSummary\":\"Jane Erasable moved\",\"reason\":\"again\"}");
        assertThat(correctedAfter.status()).isEqualTo(409);
        assertThat(correctedAfter.text("rule")).isEqualTo("erased-contact-stays-erased");
        Answer relogged = http().post(RITA, contacts, CONTACT.formatted(contact));
        assertThat(relogged.status()).isEqualTo(409);
        assertThat(relogged.text("rule")).isEqualTo("contact-logged-once");
        Answer unknown = http().post(CARL, contacts + "/" + UUID.randomUUID() + "/erase", REASON);
        assertThat(unknown.status()).isEqualTo(409);
        assertThat(unknown.text("rule")).isEqualTo("erases-a-logged-contact");

        // the relationship goes on, and the chain verifies over the erased contact's unchanged bytes
        assertThat(http().post(RITA, contacts, CONTACT.formatted(UUID.randomUUID())).status()).isEqualTo(201);
        awaitVerifiedUpTo(erased.json().get("position").asLong());
    }

    @Test
    void aContactKeyIsNeitherReplacedNorDeleted() {
        String relationship = open();
        UUID contact = UUID.randomUUID();
        assertThat(http().post(RITA, "/relationships/" + relationship + "/contacts", CONTACT.formatted(contact))
                .status()).isEqualTo(201);

        assertThatThrownBy(() -> jdbc.update("UPDATE event_store.contact_text_key SET secret = ? "
                + "WHERE relationship_id = ?::uuid AND contact_id = ?", new byte[32], relationship, contact))
                .hasStackTraceContaining("only created or destroyed");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM event_store.contact_text_key "
                + "WHERE relationship_id = ?::uuid AND contact_id = ?", relationship, contact))
                .hasStackTraceContaining("permission denied");
    }

    @Test
    void theErasureForgetsTheRequestsThatRecordedWhatWasSaid() {
        String relationship = open();
        UUID contact = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String contacts = "/relationships/" + relationship + "/contacts";
        Map<String, String> logKey = Map.of("Idempotency-Key", "log-" + contact);
        assertThat(http().post(RITA, contacts, CONTACT.formatted(contact), logKey).status()).isEqualTo(201);
        assertThat(http().post(RITA, contacts + "/" + contact + "/corrections",
                "{\"correctedSummary\":\"Jane Erasable moved\",\"reason\":\"misheard\"}",
                Map.of("Idempotency-Key", "correct-" + contact)).status()).isEqualTo(200);
        assertThat(http().post(RITA, contacts, CONTACT.formatted(other), Map.of("Idempotency-Key", "log-" + other))
                .status()).isEqualTo(201);
        assertThat(requestsRemembered(relationship)).containsExactlyInAnyOrder(
                "log-" + contact + "=" + contact, "correct-" + contact + "=" + contact, "log-" + other + "=" + other);

        assertThat(http().post(CARL, contacts + "/" + contact + "/erase", REASON).status()).isEqualTo(200);

        assertThat(requestsRemembered(relationship)).containsExactly("log-" + other + "=" + other);
        Answer retried = http().post(RITA, contacts, CONTACT.formatted(contact), logKey);
        assertThat(retried.status()).as("decided again, and refused").isEqualTo(409);
        assertThat(retried.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void aContactLoggedBeforeSealingReadsAsErasedOnceErased() throws Exception {
        String relationship = open();
        ContactId legacy = ContactId.generate();
        KeyHolder holder = new KeyHolder.Contact(RelationshipId.of(relationship), legacy);
        byte[] clearText = ("{\"relationshipId\":\"" + relationship + "\",\"contactId\":\"" + legacy
                + "\",\"channel\":\"CALL\",\"participants\":[\"Old Timer\"],\"summary\":\"Old Timer called\","
                + "\"sentiment\":\"NEUTRAL\",\"followUps\":[],\"occurredAt\":\"2020-01-01T00:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(opening().readValue(clearText, ContactLogged.class).summary()).isEqualTo("Old Timer called");
        assertThat(keys.erased(holder)).isFalse();

        boolean hadKey = jdbc.execute((java.sql.Connection c) -> KeyTable.destroy(c, holder));

        assertThat(hadKey).isFalse();
        assertThat(keys.erased(holder)).as("a destroyed key is recorded for it").isTrue();
        ContactLogged read = opening().readValue(clearText, ContactLogged.class);
        assertThat(read.summary()).isEqualTo(PersonalDataModule.ERASED);
        assertThat(read.participants()).containsExactly(PersonalDataModule.ERASED);
        assertThatThrownBy(() -> keys.sealingKey(holder)).as("and no key is ever made for it")
                .isInstanceOf(PersonalDataErased.class);
    }

    List<String> requestsRemembered(String relationship) {
        return jdbc.queryForList("SELECT idempotency_key || '=' || coalesce(contact_id::text, 'null') "
                + "FROM event_store.idempotency_key WHERE aggregate_id = ?", String.class, relationship);
    }
}
