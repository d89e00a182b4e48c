package dev.relationshipledger.command;

import dev.relationshipledger.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every race of {@link ConcurrencyTest} again with group commit on (decision 0018): writers' commands are stored in
 * groups, refused ones and lost races decided again alone, with the same answers and the same ledger.
 */
@TestPropertySource(properties = "ledger.commands.group-commit.enabled=true")
class ConcurrencyWithGroupCommitTest extends ConcurrencyTest {

    @Autowired
    MeterRegistry registry;

    @Test
    void concurrentWritersAreStoredInGroups() throws Exception {
        long positionBefore = lastPosition();
        double decidedAgainBefore = registry.get("ledger.command.group.decided.again").counter().count();
        fiftyWritersOnOneRelationshipAppendEveryContactOnceInOneUnbrokenSequence();
        int[] eventsAndTransactions = eventsAndTransactionsAfter(positionBefore);
        assertThat(eventsAndTransactions[1]).as("transactions storing %d events", eventsAndTransactions[0])
                .isLessThan(eventsAndTransactions[0]);
        assertThat(registry.get("ledger.command.group.decided.again").counter().count())
                .as("no group failed: every writer's command was accepted").isEqualTo(decidedAgainBefore);
    }

    private static long lastPosition() throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The events stored after the position, and how many transactions stored them (their rows' xmin). */
    private static int[] eventsAndTransactionsAfter(long position) throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             PreparedStatement s = c.prepareStatement("SELECT count(*), count(DISTINCT xmin::text) "
                     + "FROM event_store.domain_event_entry WHERE global_index > ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new int[]{rs.getInt(1), rs.getInt(2)};
            }
        }
    }
}
