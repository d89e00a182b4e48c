package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person's details erased (decision 0019): gone from every read model, every replay and the event store's
 * readable text, before and after a rebuild, while the other people on the relationship keep theirs.
 */
class PersonalDataErasureTest extends RunningLedger {

    static final String FORGOTTEN = "Forgettable";
    static final String KEPT = "Keepable";

    /** Hides RunningLedger's: a checkpoint every two events, so that checkpoints hold the person's name. */
    @BeforeAll
    static void startLedger() {
        start(Map.of("ledger.time-travel.checkpoint-every", "2"));
    }

    @Test
    void anErasedPersonsDetailsAreGoneFromEveryReadModelAndReplayAndStayGoneAfterARebuild() throws Exception {
        String id = openRelationship("Erasure GmbH", "CUSTOMER");
        String people = "/relationships/" + id + "/people";
        UUID jane = UUID.randomUUID();
        UUID john = UUID.randomUUID();
        accepted(commands.post(RITA, people, """
                {"personId":"%s","name":"Jane %s","position":"Head of Legal","email":"jane@%s.example"}"""
                .formatted(jane, FORGOTTEN, FORGOTTEN.toLowerCase())));
        accepted(commands.post(RITA, people, "{\"personId\":\"%s\",\"name\":\"John %s\"}".formatted(john, KEPT)));
        Answer contact = accepted(commands.post(RITA, "/relationships/" + id + "/contacts",
                "{\"channel\":\"CALL\",\"summary\":\"intro\",\"occurredAt\":\"2026-11-02T09:00:00Z\"}"));
        Thread.sleep(30);
        Instant beforeErasure = Instant.now();
        Thread.sleep(30);

        JsonNode before = readAfter(contact, MARIA, "/relationships/" + id + "/as-of?at=" + beforeErasure).json();
        assertThat(before.get("view").get("people").get(jane.toString()).asText()).isEqualTo("Jane " + FORGOTTEN);
        assertThat(readModelRowsNaming(FORGOTTEN)).as("the read models held the name before").isNotEmpty();
        rebuildAll(); // and a rebuild's shadow tables held it too, while it ran

        Answer erased = accepted(commands.post(CARL, people + "/" + jane + "/erase",
                "{\"reason\":\"erasure request DSR-2026-0142 (GDPR Art. 17)\"}"));

        JsonNode now = readAfter(erased, MARIA, "/relationships/" + id + "/as-of?at=" + Instant.now().plusSeconds(1))
                .json().get("view").get("people");
        assertThat(now.has(jane.toString())).as("an erased person represents nobody").isFalse();
        assertThat(now.get(john.toString()).asText()).isEqualTo("John " + KEPT);
        JsonNode then = queries.get(MARIA, "/relationships/" + id + "/as-of?at=" + beforeErasure).json()
                .get("view").get("people");
        assertThat(then.get(jane.toString()).asText()).as("replayed to before the erasure").isEqualTo("[erased]");
        assertThat(then.get(john.toString()).asText()).isEqualTo("John " + KEPT);

        List<JsonNode> steps = new ArrayList<>();
        queries.get(MARIA, "/relationships/" + id + "/steps?limit=100").json().get("steps").forEach(steps::add);
        assertThat(steps).extracting(s -> s.get("eventType").asText()).contains("CounterpartyPersonErased");
        JsonNode added = steps.stream().filter(s -> s.get("eventType").asText().equals("CounterpartyPersonAdded")
                && s.get("payload").get("person").get("personId").asText().equals(jane.toString())).findFirst().orElseThrow();
        assertThat(added.get("payload").get("person").get("name").asText()).isEqualTo("[erased]");
        assertThat(added.get("payload").get("person").get("email").isNull()).isTrue();
        assertThat(queries.get(CARL, "/relationships/" + id + "/history?limit=100").body())
                .as("the audit trail shows the event as stored: sealed").doesNotContain(FORGOTTEN)
                .contains("CounterpartyPersonErased", "DSR-2026-0142");

        assertThat(readModelRowsNaming(FORGOTTEN)).as("no read model row names the erased person").isEmpty();
        assertThat(readModelRowsNaming(KEPT)).as("the search finds a name that is still there").isNotEmpty();
        assertThat(eventsNaming(FORGOTTEN) + eventsNaming(KEPT)).as("the event store holds details sealed only").isZero();

        rebuildAll();
        assertThat(readModelRowsNaming(FORGOTTEN)).as("nor after a rebuild").isEmpty();
        JsonNode rebuilt = queries.get(MARIA, "/relationships/" + id + "/as-of?at=" + beforeErasure).json()
                .get("view").get("people");
        assertThat(rebuilt).isEqualTo(then);
    }

    /** Tables of read_model whose rows' text contains the word, as table:count. */
    static List<String> readModelRowsNaming(String word) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'read_model' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("relationship_status", "state_checkpoint", "audit_entry");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_model." + table + " t WHERE t::text LIKE '%"
                        + word + "%'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        found.add(table + ":" + rs.getLong(1));
                    }
                }
            }
        }
        return found;
    }

    static long eventsNaming(String word) throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM event_store.domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE '%"
                        + word + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void rebuildAll() {
        Answer started = queries.post(ADAM, "/admin/rebuilds/all", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        Answer done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queries.get(ADAM, "/admin/rebuilds/all"),
                        a -> !a.text("status").equals("RUNNING") && !a.text("status").equals("SWITCHING"));
        assertThat(done.text("status")).as(done.body()).isEqualTo("DONE");
    }
}
