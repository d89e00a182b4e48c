package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.command.store.AggregateCache;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A long-lived relationship is loaded from a snapshot plus the events after it, and behaves exactly the same. */
class RelationshipSnapshotTest extends CommandSideTest {

    @Autowired
    AggregateCache aggregates;

    static final String CONTACT = "{\"channel\":\"CALL\",\"summary\":\"s\",\"occurredAt\":\"2026-01-05T09:00:00Z\"}";

    @Test
    void rulesHoldAcrossSnapshots() throws Exception {
        String id = http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"Snap\",\"kind\":\"PARTNER\"}}").text("aggregateId");
        String contact = "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b";
        assertThat(http().post(RITA, "/relationships/" + id + "/contacts",
                CONTACT.replace("{", "{\"contactId\":\"" + contact + "\",")).status()).isEqualTo(201);
        assertThat(http().post(RITA, "/relationships/" + id + "/delegates", "{\"delegate\":\"ralf\"}").status()).isEqualTo(200);
        Answer last = null;
        for (int i = 0; i < 230; i++) {
            last = http().post(RITA, "/relationships/" + id + "/contacts", CONTACT);
            assertThat(last.status()).isEqualTo(201);
        }
        assertThat(last.json().get("version").asLong()).isEqualTo(232);
        await().until(() -> latestSnapshot(id) >= 100);
        // the aggregate is cached since its first command: without this the commands below would never load it
        aggregates.removeAll();

        // state restored from the snapshot: the delegate may still record, the logged contact is still known
        assertThat(http().post(RALF, "/relationships/" + id + "/contacts", CONTACT).status()).isEqualTo(201);
        Answer again = http().post(RITA, "/relationships/" + id + "/contacts",
                CONTACT.replace("{", "{\"contactId\":\"" + contact + "\","));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("rule")).isEqualTo("contact-logged-once");
        Answer next = http().post(RITA, "/relationships/" + id + "/contacts", CONTACT, Map.of("If-Match", "\"233\""));
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().get("version").asLong()).isEqualTo(234);
    }

    /** Sequence number of the latest snapshot of the aggregate, -1 without one. */
    private static long latestSnapshot(String id) throws Exception {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database);
             PreparedStatement s = c.prepareStatement(
                     "SELECT coalesce(max(sequence_number), -1) FROM event_store.snapshot_event_entry"
                             + " WHERE aggregate_identifier = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
