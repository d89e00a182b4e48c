package dev.relationshipledger.command.store;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that an append lost a race: PostgreSQL reports a unique violation as SQLState 23505 on a plain
 * SQLException (often inside a BatchUpdateException), which Axon's generic JDBC resolver does not recognise. Axon
 * then raises a ConcurrencyException, or AggregateStreamCreationException for sequence 0 ("already exists").
 */
public class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
