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
 * What was said at a contact, sealed with the contact's key and erased by destroying it (decision 0021): shown opened
 * where events are shown, sealed where they are stored and exported, never in a read model, and erased everywhere
 * at once, before and after a rebuild, while the contact itself and every other contact stay.
 */
class ContactTextErasureTest extends RunningLedger {

    static final String FORGOTTEN = "Forgettable";
    static final String KEPT = "Keepable";

    @Test
    void whatWasSaidIsShownOpenedStoredSealedAndErasedEverywhereAtOnce() throws Exception {
        String id = openRelationship("Contact Erasure AG", "CUSTOMER");
        String contacts = "/relationships/" + id + "/contacts";
        UUID erasable = UUID.randomUUID();
        accepted(commands.post(RITA, contacts, """
                {"contactId":"%s","channel":"MEETING","participants":["Jane %s","Rita"],
                 "summary":"Jane %s spoke of her illness","sentiment":"NEUTRAL","followUps":["ask Jane %s again"],
                 "occurredAt":"2026-11-02T09:00:00Z"}""".formatted(erasable, FORGOTTEN, FORGOTTEN, FORGOTTEN)));
        accepted(commands.post(RITA, contacts + "/" + erasable + "/corrections",
                "{\"correctedSummary\":\"Jane %s spoke of her leave\",\"reason\":\"wrong word\"}".formatted(FORGOTTEN)));
        Answer kept = accepted(commands.post(RITA, contacts, """
                {"channel":"CALL","summary":"John %s confirmed the order","sentiment":"POSITIVE",
                 "occurredAt":"2026-11-03T09:00:00Z"}""".formatted(KEPT)));

        assertThat(summaries(readAfter(kept, MARIA, "/relationships/" + id + "/steps?limit=100").json()))
                .as("time travel shows what was said").contains("Jane " + FORGOTTEN + " spoke of her illness",
                        "Jane " + FORGOTTEN + " spoke of her leave", "John " + KEPT + " confirmed the order");
        JsonNode trail = queries.get(CARL, "/relationships/" + id + "/history?limit=100&opened=true").json();
        assertThat(trail.toString()).as("the audit trail shows it opened beside the event as stored")
                .contains("Jane " + FORGOTTEN + " spoke of her illness");
        assertThat(queries.get(CARL, "/audit/export.ndjson?relationshipId=" + id).body())
                .as("an export carries the events as stored").doesNotContain(FORGOTTEN, KEPT);
        assertThat(eventsNaming(FORGOTTEN) + eventsNaming(KEPT)).as("the event store holds it sealed only").isZero();
        assertThat(readModelRowsNaming(FORGOTTEN)).as("no read model keeps what was said").isEmpty();
        assertThat(textStates(id)).containsExactly("sealed", "sealed");
        try (var bi = TestPostgres.connectAs(database, "ledger_bi"); var s = bi.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT secret FROM event_store.contact_text_key"))
                    .as("BI reads no key").hasMessageContaining("permission denied");
        }

        Answer refused = commands.post(RITA, contacts + "/" + erasable + "/erase", "{\"reason\":\"asked to\"}");
        assertThat(refused.status()).as("the owner does not erase").isEqualTo(403);
        Answer erased = accepted(commands.post(CARL, contacts + "/" + erasable + "/erase",
                "{\"reason\":\"erasure request DSR-2026-0143 (GDPR Art. 17)\"}"));

        JsonNode steps = readAfter(erased, MARIA, "/relationships/" + id + "/steps?limit=100").json();
        assertThat(summaries(steps)).doesNotContain("Jane " + FORGOTTEN + " spoke of her illness")
                .contains("[erased]", "John " + KEPT + " confirmed the order");
        assertThat(steps.toString()).doesNotContain(FORGOTTEN).contains("ContactTextErased", "DSR-2026-0143");
        JsonNode logged = step(steps, "ContactLogged", erasable);
        assertThat(logged.get("payload").get("participants")).extracting(JsonNode::asText)
                .containsExactly("[erased]", "[erased]");
        assertThat(logged.get("payload").get("channel").asText()).as("the contact itself stays").isEqualTo("MEETING");
        JsonNode trailAfter = queries.get(CARL, "/relationships/" + id + "/history?limit=100&opened=true").json();
        assertThat(trailAfter.toString()).doesNotContain(FORGOTTEN).contains("ContactTextErased", "John " + KEPT);
        for (JsonNode entry : trailAfter.get("items")) {
            if (entry.get("eventType").asText().equals("ContactTextErased")) {
                assertThat(entry.get("corrections").isNull()).as("an erasure is no original of its own").isTrue();
                assertThat(entry.get("subject").asText()).isEqualTo("contact/" + erasable);
            }
            if (entry.get("eventType").asText().equals("ContactLogged")
                    && entry.get("subject").asText().equals("contact/" + erasable)) {
                assertThat(entry.get("opened").get("summary").asText()).isEqualTo("[erased]");
                assertThat(entry.get("corrections")).hasSize(1);
            }
        }
        assertThat(textStates(id)).containsExactly("erased", "sealed");
        JsonNode status = queries.get(MARIA, "/relationships/" + id).json();
        assertThat(status.get("contactCount").asInt()).as("still two contacts").isEqualTo(2);

        rebuildAll();
        JsonNode rebuilt = queries.get(MARIA, "/relationships/" + id + "/steps?limit=100").json();
        assertThat(rebuilt.toString()).as("nor after a rebuild").doesNotContain(FORGOTTEN).contains(KEPT);
        assertThat(readModelRowsNaming(FORGOTTEN)).isEmpty();
    }

    static List<String> summaries(JsonNode steps) {
        List<String> found = new ArrayList<>();
        steps.get("steps").forEach(step -> {
            JsonNode payload = step.get("payload");
            for (String field : new String[] {"summary", "correctedSummary"}) {
                if (payload.hasNonNull(field)) {
                    found.add(payload.get(field).asText());
                }
            }
        });
        return found;
    }

    static JsonNode step(JsonNode steps, String type, UUID contact) {
        for (JsonNode step : steps.get("steps")) {
            if (step.get("eventType").asText().equals(type)
                    && step.get("payload").get("contactId").asText().equals(contact.toString())) {
                return step;
            }
        }
        throw new AssertionError("no " + type + " of contact " + contact + " in " + steps);
    }

    /** bi.contacts' text_state of the relationship's contacts, in ledger order, as the BI login reads it. */
    static List<String> textStates(String relationship) throws Exception {
        List<String> states = new ArrayList<>();
        try (var c = TestPostgres.connectAs(database, "ledger_bi"); var s = c.prepareStatement("""
                SELECT text_state, summary, summary_as_logged, participants FROM bi.contacts
                WHERE relationship_id = ?::uuid ORDER BY position""")) {
            s.setString(1, relationship);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    states.add(rs.getString(1));
                    assertThat(rs.getString(2)).as("no summary a view cannot open").isNull();
                    assertThat(rs.getString(3)).isNull();
                }
            }
        }
        return states;
    }
}
