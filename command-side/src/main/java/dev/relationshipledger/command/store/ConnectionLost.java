package dev.relationshipledger.command.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means the database connection is gone (or none could be had), as opposed to a statement the
 * database refused. For group commit: a group that failed this way would fail the same way for each member decided
 * again, after another wait for the pool each; a deadlock, a lock or statement timeout, a duplicate key would not.
 */
final class ConnectionLost {

    private ConnectionLost() {
    }

    static boolean causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true; // the pool's timeout; the driver's connection failures
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && connectionClass(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception), 57P01–57P05 (server shut down or crashed), 53300 (too many connections). */
    private static boolean connectionClass(String state) {
        return state.startsWith("08") || state.startsWith("57P0") || state.equals("53300");
    }
}
