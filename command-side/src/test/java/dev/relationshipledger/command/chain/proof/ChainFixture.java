package dev.relationshipledger.command.chain.proof;

import dev.relationshipledger.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh event store (the command side's own migrations) on the embedded PostgreSQL, with events appended as the
 * application's role appends them, the production linker and a signing key. Tampering goes through
 * {@link #asSuperuser(String...)} with the triggers disabled, as a database administrator could.
 */
final class ChainFixture {

    static final String COMMAND_ROLE = "ledger_command";
    final String url;
    final String database;
    final SigningKey key = SigningKey.generate();
    final ChainLinker linker = new ChainLinker(Duration.ZERO, 500, Clock.systemUTC());
    final String relationshipId = UUID.randomUUID().toString();
    final String otherRelationshipId = UUID.randomUUID().toString();
    private long sequence;

    ChainFixture() {
        url = TestPostgres.freshDatabase("chain");
        database = url.substring(url.lastIndexOf('/') + 1);
        Flyway.configure()
                .dataSource(url, TestPostgres.SUPERUSER, "")
                .schemas("event_store").defaultSchema("event_store").table("flyway_history")
                .locations("classpath:db/migration/command-side")
                .placeholders(Map.of("commandRole", COMMAND_ROLE, "commandPassword", ""))
                .load().migrate();
    }

    Connection application() throws SQLException {
        return TestPostgres.connectAs(url, COMMAND_ROLE);
    }

    Connection superuser() throws SQLException {
        return TestPostgres.superuserConnection(database);
    }

    /** Appends {@code count} events, alternating between two relationships; answers their positions. */
    List<Long> append(int count) throws SQLException {
        List<Long> positions = new ArrayList<>();
        try (Connection c = application(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, ?, 'Relationship', ?, 'dev.relationshipledger.kernel.relationship.ContactLogged', NULL, ?, ?)
                RETURNING global_index""")) {
            for (int i = 0; i < count; i++) {
                long n = sequence++;
                String relationship = n % 2 == 0 ? relationshipId : otherRelationshipId;
                s.setString(1, UUID.randomUUID().toString());
                s.setString(2, relationship);
                s.setLong(3, n / 2);
                s.setString(4, Instant.now().toString());
                s.setBytes(5, ("{\"relationshipId\":\"" + relationship + "\",\"summary\":\"call number " + n
                        + ", about \\\"prices\\\"\",\"sentiment\":\"POSITIVE\"}").getBytes(StandardCharsets.UTF_8));
                s.setBytes(6, ("{\"actor\":\"rita\",\"actorRoles\":\"RELATIONSHIP_MANAGER\",\"correlationId\":\"c-" + n
                        + "\",\"causationId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    positions.add(rs.getLong(1));
                }
            }
        }
        return positions;
    }

    /** Draws a position that no event will ever take, as a rolled-back append does. */
    long burnPosition() throws SQLException {
        try (Connection c = application(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nextval('event_store.event_global_index_seq')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Links everything committed, as the chainer does. */
    ChainLinker.Round link() throws SQLException {
        return link(linker);
    }

    ChainLinker.Round link(ChainLinker with) throws SQLException {
        try (Connection c = application()) {
            c.setAutoCommit(false);
            ChainLinker.Round round = with.linkRound(c);
            c.commit();
            return round;
        }
    }

    /** Signs the chain's head and stores the checkpoint. */
    Checkpoint checkpoint() throws SQLException {
        try (Connection c = application()) {
            ChainLinker.Head head = ChainLinker.head(c);
            return Checkpoint.sign(head.position(), head.link(), Instant.now(), key).insert(c);
        }
    }

    ChainVerifier.Report verify() throws SQLException {
        return verify(ChainVerifier.Options.whole(key.publicKey()));
    }

    ChainVerifier.Report verify(ChainVerifier.Options options) throws SQLException {
        try (Connection c = application()) {
            return ChainVerifier.verify(c, options);
        }
    }

    /** Runs statements as the superuser with the user triggers of the three tables disabled, as an attacker would. */
    void asSuperuser(String... statements) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String table : List.of("domain_event_entry", "event_chain", "chain_checkpoint")) {
                s.execute("ALTER TABLE event_store." + table + " DISABLE TRIGGER USER");
            }
            for (String statement : statements) {
                s.execute(statement);
            }
            for (String table : List.of("domain_event_entry", "event_chain", "chain_checkpoint")) {
                s.execute("ALTER TABLE event_store." + table + " ENABLE TRIGGER USER");
            }
            c.commit();
        }
    }
}
