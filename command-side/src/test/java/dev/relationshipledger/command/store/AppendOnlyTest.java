package dev.relationshipledger.command.store;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database itself refuses to change a recorded event: privileges for the application's role, triggers for everyone. */
class AppendOnlyTest extends CommandSideTest {

    static final String APPLICATION_ROLE = "ledger_command";

    @BeforeEach
    void recordSomething() {
        var answer = http().post(TestUsers.RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Append Only Ltd\",\"kind\":\"PARTNER\"}}");
        assertThat(answer.status()).isEqualTo(201);
    }

    @Test
    void theApplicationRoleMayNotUpdateDeleteOrTruncateEvents() throws SQLException {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, APPLICATION_ROLE); Statement s = c.createStatement()) {
            assertRefused(s, "UPDATE event_store.domain_event_entry SET payload = '\\x00'");
            assertRefused(s, "DELETE FROM event_store.domain_event_entry");
            assertRefused(s, "TRUNCATE event_store.domain_event_entry");
        }
    }

    @Test
    void theApplicationRoleMayAppendAndRead() throws SQLException {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, APPLICATION_ROLE); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry");
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
    }

    @Test
    void triggersRefuseChangesEvenFromTheOwner() throws SQLException {
        try (Connection c = TestPostgres.superuserConnection(databaseName()); Statement s = c.createStatement()) {
            assertRefusedWith(s, "UPDATE event_store.domain_event_entry SET payload = '\\x00'", "append-only");
            assertRefusedWith(s, "DELETE FROM event_store.domain_event_entry", "append-only");
            assertRefusedWith(s, "TRUNCATE event_store.domain_event_entry", "append-only");
            var rs = s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry");
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
    }

    @Test
    void payloadsAreByteaAndNoLargeObjectsExist() throws SQLException {
        try (Connection c = TestPostgres.superuserConnection(databaseName()); Statement s = c.createStatement()) {
            var rs = s.executeQuery("""
                    SELECT count(*) FROM information_schema.columns
                    WHERE table_schema = 'event_store' AND data_type = 'oid'""");
            rs.next();
            assertThat(rs.getLong(1)).isZero();
            rs = s.executeQuery("SELECT count(*) FROM pg_largeobject_metadata");
            rs.next();
            assertThat(rs.getLong(1)).isZero();
            rs = s.executeQuery("SELECT seqcache FROM pg_sequence WHERE seqrelid = 'event_store.event_global_index_seq'::regclass");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    private static String databaseName() {
        return DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
    }

    private static void assertRefused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    private static void assertRefusedWith(Statement s, String sql, String message) {
        assertThatThrownBy(() -> s.execute(sql))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(message);
    }
}
