package dev.relationshipledger.command.personaldata;

import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.personaldata.PersonalDataModule;
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
 * Erasing what a complaint says on a real database (decision 0022): the complaint's key goes; the event's bytes, the
 * complaint itself and the hash chain stay.
 */
class ComplaintTextErasureApiTest extends ErasureApiTest {

    static final String FILE = """
            {"complaintId":"%s","relationshipId":"%s","category":"SERVICE","severity":"HIGH",
             "description":"Jane Erasable was told her sick leave was no excuse","receivedAt":"2026-11-30T10:00:00Z"}""";
    static final String RESOLVE = """
            {"resolution":"apologised to Jane Erasable in person","compensation":{"amount":120.50,"currency":"EUR"},
             "satisfaction":"SATISFIED"}""";
    static final String REASON = "{\"reason\":\"erasure request DSR-2026-0151 (GDPR Art. 17)\"}";


    UUID file(String relationship, Map<String, String> headers) {
        UUID complaint = UUID.randomUUID();
        Answer filed = http().post(RITA, "/complaints", FILE.formatted(complaint, relationship), headers);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        return complaint;
    }

    byte[] stored(UUID complaint, Class<?> type) {
        return jdbc.queryForObject("SELECT payload FROM event_store.domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type = ? ORDER BY sequence_number DESC LIMIT 1", byte[].class, complaint.toString(),
                type.getName());
    }

    Map<String, Object> key(String relationship, UUID complaint) {
        return jdbc.queryForMap("SELECT secret, erased_at FROM event_store.complaint_text_key "
                + "WHERE relationship_id = ?::uuid AND complaint_id = ?", relationship, complaint);
    }

    void post(String path, String body, int status) {
        Answer answer = http().post(RITA, path, body);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(status);
    }

    @Test
    void whatAComplaintSaysIsStoredSealedAndErasedOnceClosedByDestroyingItsKey() throws Exception {
        String relationship = open();
        UUID complaint = file(relationship, Map.of());
        String path = "/complaints/" + complaint;
        post(path + "/acknowledge", "{\"note\":\"called Jane Erasable back\"}", 200);
        post(path + "/corrections", "{\"severity\":\"MEDIUM\",\"reason\":\"severity overstated\"}", 200);

        byte[] filed = stored(complaint, ComplaintFiled.class);
        byte[] corrected = stored(complaint, ComplaintDetailsCorrected.class);
        assertThat(new String(filed, StandardCharsets.UTF_8)).doesNotContain("Jane", "sick")
                .contains("AES-256-GCM", complaint.toString(), "SERVICE", "HIGH", "2026-11-30T10:00:00Z");
        assertThat(new String(stored(complaint, ComplaintAcknowledged.class), StandardCharsets.UTF_8))
                .doesNotContain("Jane");
        assertThat(new String(corrected, StandardCharsets.UTF_8)).doesNotContain("Jane", "[sealed]")
                .contains("MEDIUM", "severity overstated");
        assertThat(opening().readValue(corrected, ComplaintDetailsCorrected.class).description())
                .as("a correction of the severity carries the description on, opened and sealed again")
                .isEqualTo("Jane Erasable was told her sick leave was no excuse");
        assertThat((byte[]) key(relationship, complaint).get("secret")).hasSize(32);

        String erase = path + "/erase";
        assertThat(http().post(RITA, erase, REASON).status()).as("recorders do not erase").isEqualTo(403);
        assertThat(http().post(MARIA, erase, REASON).status()).as("nor managers").isEqualTo(403);
        Answer open = http().post(CARL, erase, REASON);
        assertThat(open.status()).isEqualTo(409);
        assertThat(open.text("rule")).isEqualTo("erases-a-closed-complaint");
        assertThat(open.contentType()).startsWith("application/problem+json");

        post(path + "/resolve", RESOLVE, 200);
        byte[] resolved = stored(complaint, ComplaintResolved.class);
        assertThat(new String(resolved, StandardCharsets.UTF_8)).doesNotContain("Jane").contains("120.5", "SATISFIED");
        Answer blank = http().post(CARL, erase, "{\"reason\":\" \"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(key(relationship, complaint).get("secret")).as("nothing erased by a refused request").isNotNull();

        Answer erased = http().post(CARL, erase, REASON);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);

        assertThat(key(relationship, complaint).get("secret")).isNull();
        assertThat(key(relationship, complaint).get("erased_at")).isNotNull();
        assertThat(stored(complaint, ComplaintFiled.class)).as("the event's bytes are untouched").isEqualTo(filed);
        ComplaintFiled read = opening().readValue(filed, ComplaintFiled.class);
        assertThat(read.description()).isEqualTo(PersonalDataModule.ERASED);
        assertThat(read.severity().name()).as("the complaint itself stays").isEqualTo("HIGH");
        ComplaintResolved resolution = opening().readValue(resolved, ComplaintResolved.class);
        assertThat(resolution.resolution()).isEqualTo(PersonalDataModule.ERASED);
        assertThat(resolution.compensation().amount()).isEqualByComparingTo("120.50");
        assertThat(opening().readValue(corrected, ComplaintDetailsCorrected.class).description())
                .isEqualTo(PersonalDataModule.ERASED);

        Answer again = http().post(CARL, erase, REASON);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("rule")).isEqualTo("erased-once");
        Answer reopened = http().post(RITA, path + "/reopen", "{\"reason\":\"not fixed\"}");
        assertThat(reopened.status()).isEqualTo(409);
        assertThat(reopened.text("rule")).isEqualTo("erased-complaint-stays-closed");
        Answer correctedAfter = http().post(RITA, path + "/corrections",
                "{\"category\":\"DELIVERY\",\"reason\":\"wrong category\"}");
        assertThat(correctedAfter.status()).isEqualTo(409);
        assertThat(correctedAfter.text("rule")).isEqualTo("erased-complaint-stays-erased");

        // the relationship goes on, and the chain verifies over the erased complaint's unchanged bytes
        file(relationship, Map.of());
        awaitVerifiedUpTo(erased.json().get("position").asLong());
    }

    @Test
    void aWithdrawnComplaintIsErasedTooAndItsKeyIsNeitherReplacedNorDeleted() {
        String relationship = open();
        UUID complaint = file(relationship, Map.of());
        post("/complaints/" + complaint + "/withdraw", "{\"reason\":\"customer changed their mind\"}", 200);
        assertThat(http().post(CARL, "/complaints/" + complaint + "/erase", REASON).status()).isEqualTo(200);

        assertThatThrownBy(() -> jdbc.update("UPDATE event_store.complaint_text_key SET secret = ? "
                + "WHERE relationship_id = ?::uuid AND complaint_id = ?", new byte[32], relationship, complaint))
                .hasStackTraceContaining("only created or destroyed");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM event_store.complaint_text_key "
                + "WHERE relationship_id = ?::uuid AND complaint_id = ?", relationship, complaint))
                .hasStackTraceContaining("permission denied");
    }

    @Test
    void theErasureForgetsTheRequestsThatRecordedWhatTheComplaintSays() {
        String relationship = open();
        UUID complaint = file(relationship, Map.of("Idempotency-Key", "file-" + relationship));
        UUID other = file(relationship, Map.of("Idempotency-Key", "other-" + relationship));
        String path = "/complaints/" + complaint;
        assertThat(http().post(RITA, path + "/acknowledge", "{}", Map.of("Idempotency-Key", "ack-" + relationship))
                .status()).isEqualTo(200);
        assertThat(http().post(RITA, path + "/escalate", "{\"escalatedTo\":\"maria\",\"reason\":\"big customer\"}",
                Map.of("Idempotency-Key", "escalate-" + relationship)).status()).isEqualTo(200);
        assertThat(http().post(RITA, path + "/resolve", RESOLVE, Map.of("Idempotency-Key", "resolve-" + relationship))
                .status()).isEqualTo(200);
        assertThat(requestsRemembered(complaint, other)).containsExactlyInAnyOrder(
                "file-" + relationship + "=" + complaint, "ack-" + relationship + "=null",
                "escalate-" + relationship + "=null", "resolve-" + relationship + "=" + complaint,
                "other-" + relationship + "=" + other);

        assertThat(http().post(CARL, path + "/erase", REASON).status()).isEqualTo(200);

        assertThat(requestsRemembered(complaint, other)).as("the text's requests forgotten, the others kept")
                .containsExactlyInAnyOrder("ack-" + relationship + "=null", "escalate-" + relationship + "=null",
                        "other-" + relationship + "=" + other);
        Answer retried = http().post(RITA, path + "/resolve", RESOLVE,
                Map.of("Idempotency-Key", "resolve-" + relationship));
        assertThat(retried.status()).as("decided again, and refused").isEqualTo(409);
        assertThat(retried.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    List<String> requestsRemembered(UUID... complaints) {
        return jdbc.queryForList("SELECT idempotency_key || '=' || coalesce(complaint_id::text, 'null') "
                + "FROM event_store.idempotency_key WHERE aggregate_id IN (?, ?)", String.class,
                complaints[0].toString(), complaints[1].toString());
    }
}
