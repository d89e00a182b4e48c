package dev.relationshipledger.command.store;

import dev.relationshipledger.testsupport.TestPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;

import static org.assertj.core.api.Assertions.assertThat;

/** Another command node, as far as this node can tell: it appends to the event store behind this node's back. */
final class AnotherNode {

    private AnotherNode() {
    }

    /**
     * Stores a copy of the aggregate's last event under the next sequence number, with the command side's login,
     * as another node deciding a command on the same aggregate would.
     */
    static void appendsTo(String databaseUrl, String aggregate) throws Exception {
        try (Connection c = TestPostgres.connectAs(databaseUrl, "ledger_command");
             PreparedStatement s = c.prepareStatement("""
                     INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                         type, time_stamp, payload_type, payload_revision, payload, meta_data)
                     SELECT gen_random_uuid()::text, aggregate_identifier, sequence_number + 1, type, time_stamp,
                         payload_type, payload_revision, payload, meta_data
                     FROM event_store.domain_event_entry WHERE aggregate_identifier = ?
                     ORDER BY sequence_number DESC LIMIT 1""")) {
            s.setString(1, aggregate);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
