package dev.relationshipledger.command.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a group of commands failed in a way each member, decided again alone, would most likely meet again after
 * the same wait: the database connection gone or none to be had, or one of the store's timeouts. Group commit then
 * answers every member with the failure (a 503 to retry) instead of deciding them again one after another on one
 * committer, which would hold it, and the commands queued behind it, for one such wait per member. A deadlock, a
 * duplicate key or a refusal is not such a failure: each member decided alone is then likely to be accepted.
 */
final class WouldWaitAgain {

    private WouldWaitAgain() {
    }

    static boolean causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true; // the pool's timeout; the driver's connection failures
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && waitsAgain(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01–57P05 (server shut down or crashed), 53300 (too many
     * connections); 57014 (statement timeout), 55P03 (lock timeout), 25P03 (idle-in-transaction timeout: the session
     * waited too long between statements, e.g. for an aggregate another committer's group holds).
     */
    private static boolean waitsAgain(String state) {
        return state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")
                || state.equals("57014") || state.equals("55P03") || state.equals("25P03");
    }
}
