package dev.relationshipledger.support.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure of the database (down, restarting, out of connections, or ending a statement for the limits the
 * applications set: lock, statement and idle-in-transaction timeouts) from a failure of the ledger. Both sides answer
 * the first with 503 and {@code Retry-After}: a client's retry is the remedy, not a bug report.
 */
public final class DatabaseUnavailable {

    /** SQL states of such failures besides class 08 (connection exceptions). */
    private static final Set<String> STATES = Set.of("55P03", "57014", "25P03", "57P01", "57P02", "57P03", "53300",
            "40001", "40P01");

    private DatabaseUnavailable() {
    }

    /** Whether the failure, or one of its causes, is the database being unavailable. */
    public static boolean causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The innermost cause, for a one-line log message. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
