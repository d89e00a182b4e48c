package dev.relationshipledger.query.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The event store's read horizon (decision 0007, command-side migration V9): every event at or below it is final,
 * so a reader that goes no further never meets a late commit below a position it has passed. Ask in a statement of
 * its own, then read in the next: under READ COMMITTED the read's snapshot is taken after the answer. Never run such
 * a read REPEATABLE READ (one snapshot for both statements would see the horizon's world, not the read's).
 */
public final class ReadHorizon {

    private ReadHorizon() {
    }

    /** The highest position a reader may read now. */
    public static long of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet horizon = statement.executeQuery("SELECT event_store.read_horizon()")) {
            horizon.next();
            return horizon.getLong(1);
        }
    }

    /**
     * The batch size that keeps a read of positions {@code (after, after + batchSize]} (Axon's statements) at or
     * below the horizon.
     */
    static int clamp(Connection connection, long after, int batchSize) throws SQLException {
        return (int) Math.max(0, Math.min(batchSize, of(connection) - after));
    }
}
