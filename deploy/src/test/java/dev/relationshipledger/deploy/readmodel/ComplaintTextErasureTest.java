package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.relationshipledger.deploy.readmodel.PersonalDataErasureTest.eventsNaming;
import static dev.relationshipledger.deploy.readmodel.PersonalDataErasureTest.readModelRowsNaming;
import static dev.relationshipledger.deploy.readmodel.PersonalDataErasureTest.rebuildAll;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a complaint says, sealed with the complaint's key and erased by destroying it (decision 0022): shown opened
 * where events are shown, sealed where they are stored and exported, never in a read model, and erased everywhere
 * at once, before and after a rebuild, while the complaint itself and every other complaint stay.
 */
class ComplaintTextErasureTest extends RunningLedger {

    static final String FORGOTTEN = "Unmentionable";
    static final String KEPT = "Keepworthy";

    @Test
    void whatAComplaintSaysIsShownOpenedStoredSealedAndErasedEverywhereAtOnce() throws Exception {
        String id = openRelationship("Complaint Erasure AG", "CUSTOMER");
        UUID erasable = UUID.randomUUID();
        accepted(commands.post(RITA, "/complaints", """
                {"complaintId":"%s","relationshipId":"%s","category":"SERVICE","severity":"HIGH",
                 "description":"Jane %s was mocked for her accent","receivedAt":"2026-11-02T09:00:00Z"}"""
                .formatted(erasable, id, FORGOTTEN)));
        String path = "/complaints/" + erasable;
        accepted(commands.post(RITA, path + "/acknowledge", "{\"note\":\"called Jane %s back\"}".formatted(FORGOTTEN)));
        accepted(commands.post(RITA, path + "/corrections",
                "{\"description\":\"Jane %s was mocked for her name\",\"reason\":\"misheard\"}".formatted(FORGOTTEN)));
        accepted(commands.post(RITA, path + "/resolve", """
                {"resolution":"apologised to Jane %s","compensation":{"amount":80,"currency":"EUR"},
                 "satisfaction":"SATISFIED"}""".formatted(FORGOTTEN)));
        Answer kept = accepted(commands.post(RITA, "/complaints", """
                {"relationshipId":"%s","category":"DELIVERY","severity":"LOW",
                 "description":"John %s got the wrong pallet","receivedAt":"2026-11-03T09:00:00Z"}"""
                .formatted(id, KEPT)));

        assertThat(texts(readAfter(kept, MARIA, "/relationships/" + id + "/steps?limit=100").json()))
                .as("time travel shows what the complaints say").contains(
                        "Jane " + FORGOTTEN + " was mocked for her accent", "called Jane " + FORGOTTEN + " back",
                        "Jane " + FORGOTTEN + " was mocked for her name", "apologised to Jane " + FORGOTTEN,
                        "John " + KEPT + " got the wrong pallet");
        JsonNode trail = queries.get(CARL, "/relationships/" + id + "/history?limit=100&opened=true").json();
        assertThat(trail.toString()).as("the audit trail shows it opened beside the event as stored")
                .contains("Jane " + FORGOTTEN + " was mocked for her accent");
        assertThat(queries.get(CARL, "/relationships/" + id + "/history?limit=100").body())
                .as("by default, the events as stored").doesNotContain(FORGOTTEN, KEPT);
        assertThat(queries.get(CARL, "/audit/export.ndjson?relationshipId=" + id).body())
                .as("an export carries the events as stored").doesNotContain(FORGOTTEN, KEPT);
        assertThat(eventsNaming(FORGOTTEN) + eventsNaming(KEPT)).as("the event store holds it sealed only").isZero();
        assertThat(readModelRowsNaming(FORGOTTEN)).as("no read model keeps what a complaint says").isEmpty();
        try (var bi = TestPostgres.connectAs(database, "ledger_bi"); var s = bi.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT secret FROM event_store.complaint_text_key"))
                    .as("BI reads no key").hasMessageContaining("permission denied");
        }

        assertThat(commands.post(RITA, path + "/erase", "{\"reason\":\"asked to\"}").status())
                .as("a recorder does not erase").isEqualTo(403);
        Answer erased = accepted(commands.post(CARL, path + "/erase",
                "{\"reason\":\"erasure request DSR-2026-0151 (GDPR Art. 17)\"}"));

        JsonNode steps = readAfter(erased, MARIA, "/relationships/" + id + "/steps?limit=100").json();
        assertThat(texts(steps)).containsExactly("[erased]", "[erased]", "[erased]", "[erased]",
                "John " + KEPT + " got the wrong pallet");
        assertThat(steps.toString()).doesNotContain(FORGOTTEN).contains("ComplaintTextErased", "DSR-2026-0151");
        JsonNode trailAfter = queries.get(CARL, "/relationships/" + id + "/history?limit=100&opened=true").json();
        assertThat(trailAfter.toString()).doesNotContain(FORGOTTEN).contains("ComplaintTextErased", "John " + KEPT);
        for (JsonNode entry : trailAfter.get("items")) {
            String type = entry.get("eventType").asText();
            if (type.equals("ComplaintTextErased")) {
                assertThat(entry.get("corrections").isNull()).as("an erasure is no original of its own").isTrue();
                assertThat(entry.get("subject").asText()).isEqualTo("complaint/" + erasable);
            }
            if (type.equals("ComplaintFiled") && entry.get("subject").asText().equals("complaint/" + erasable)) {
                assertThat(entry.get("opened").get("description").asText()).isEqualTo("[erased]");
                assertThat(entry.get("corrections")).hasSize(1);
                assertThat(entry.get("corrections").get(0).get("opened").get("description").asText())
                        .isEqualTo("[erased]");
            }
            if (type.equals("ComplaintResolved")) {
                assertThat(entry.get("opened").get("resolution").asText()).isEqualTo("[erased]");
                assertThat(entry.get("opened").get("compensation").get("amount").asInt()).isEqualTo(80);
            }
        }
        assertThat(queries.get(MARIA, "/relationships/" + id).json().get("openComplaints").asInt()).isEqualTo(1);
        assertThat(complaints(id)).as("the complaints themselves stay")
                .containsExactlyInAnyOrder(erasable + " SERVICE HIGH RESOLVED", "DELIVERY LOW FILED");

        rebuildAll();
        JsonNode rebuilt = queries.get(MARIA, "/relationships/" + id + "/steps?limit=100").json();
        assertThat(rebuilt.toString()).as("nor after a rebuild").doesNotContain(FORGOTTEN).contains(KEPT);
        assertThat(readModelRowsNaming(FORGOTTEN)).isEmpty();
    }

    /** bi.complaints' rows of the relationship, as the BI login reads them: the erasable one named by its id. */
    static List<String> complaints(String relationship) throws Exception {
        List<String> rows = new ArrayList<>();
        try (var c = TestPostgres.connectAs(database, "ledger_bi"); var s = c.prepareStatement(
                "SELECT complaint_id, category, severity, status FROM bi.complaints WHERE relationship_id = ?::uuid")) {
            s.setString(1, relationship);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    String row = rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4);
                    rows.add(rs.getString(2).equals("SERVICE") ? rs.getString(1) + " " + row : row);
                }
            }
        }
        return rows;
    }

    /** The description, note and resolution of every complaint event among the steps, in ledger order. */
    static List<String> texts(JsonNode steps) {
        List<String> found = new ArrayList<>();
        steps.get("steps").forEach(step -> {
            JsonNode payload = step.get("payload");
            for (String field : new String[] {"description", "note", "resolution"}) {
                if (payload.hasNonNull(field)) {
                    found.add(payload.get(field).asText());
                }
            }
        });
        return found;
    }
}
