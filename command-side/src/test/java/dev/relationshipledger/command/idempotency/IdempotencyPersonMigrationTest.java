package dev.relationshipledger.command.idempotency;

import dev.relationshipledger.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V14 on a ledger that already remembers requests: a request that added a person gets that person's id from the
 * event it appended, so an erasure after the upgrade forgets it too; other requests keep none.
 */
class IdempotencyPersonMigrationTest {

    @Test
    void requestsRememberedBeforeV14GetThePersonTheyRecorded() throws SQLException {
        String url = TestPostgres.freshDatabase("idempotency_v14");
        migrate(url, "13");
        String relationship = UUID.randomUUID().toString();
        UUID person = UUID.randomUUID();
        try (Connection c = TestPostgres.superuserConnection(url.substring(url.lastIndexOf('/') + 1))) {
            append(c, relationship, 0, "CounterpartyPersonAdded", "{\"relationshipId\":\"" + relationship
                    + "\",\"person\":{\"personId\":\"" + person + "\",\"name\":\"Old Timer\"}}");
            append(c, relationship, 1, "ContactLogged", "{\"relationshipId\":\"" + relationship
                    + "\",\"person\":{\"personId\":\"" + UUID.randomUUID() + "\"}}");
            remember(c, "added", relationship, 0);
            remember(c, "contact", relationship, 1);

            migrate(url, null);

            try (PreparedStatement s = c.prepareStatement("SELECT idempotency_key, person_id FROM "
                    + "event_store.idempotency_key ORDER BY idempotency_key"); ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("added");
                assertThat(rs.getObject(2)).isEqualTo(person);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("contact");
                assertThat(rs.getObject(2)).as("only a person's addition names one").isNull();
            }
        }
    }

    private static void migrate(String url, String target) {
        var configuration = Flyway.configure()
                .dataSource(url, TestPostgres.SUPERUSER, "")
                .schemas("event_store").defaultSchema("event_store").table("flyway_history")
                .locations("classpath:db/migration/command-side")
                .placeholders(Map.of("commandRole", "ledger_command", "commandPassword", ""));
        if (target != null) {
            configuration.target(MigrationVersion.fromVersion(target));
        }
        configuration.load().migrate();
    }

    private static void append(Connection c, String relationship, long sequence, String type, String payload)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'Relationship', ?, ?, NULL, ?, ?)""")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setString(2, relationship);
            s.setLong(3, sequence);
            s.setString(4, Instant.now().toString());
            s.setString(5, "dev.relationshipledger.kernel.relationship." + type);
            s.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
            s.setBytes(7, "{}".getBytes(StandardCharsets.UTF_8));
            s.executeUpdate();
        }
    }

    private static void remember(Connection c, String key, String relationship, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO event_store.idempotency_key (actor, idempotency_key, request_hash, aggregate_id, version, created_at)
                VALUES ('rita', ?, ?, ?, ?, now())""")) {
            s.setString(1, key);
            s.setBytes(2, new byte[32]);
            s.setString(3, relationship);
            s.setLong(4, version);
            s.executeUpdate();
        }
    }
}
