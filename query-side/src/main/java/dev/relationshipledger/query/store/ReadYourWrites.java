package dev.relationshipledger.query.store;

import dev.relationshipledger.kernel.validation.InvalidValue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Lets a query name the global position a command answered with ({@code atLeast}) and waits, up to
 * {@code ledger.read-your-writes.max-wait} (default 5 s), until the projection has handled it. If it has not by
 * then, the caller answers 503 with Retry-After instead of stale data.
 */
@Component
public class ReadYourWrites {

    private final ProjectionProgress progress;
    private final JdbcTemplate jdbc;
    private final Duration maxWait;

    public ReadYourWrites(ProjectionProgress progress, JdbcTemplate jdbc,
                          @Value("${ledger.read-your-writes.max-wait:5s}") Duration maxWait) {
        this.progress = progress;
        this.jdbc = jdbc;
        this.maxWait = maxWait;
    }

    /** Returns when the projection covers the position; throws {@link NotYetProjected} after the bounded wait. */
    public void await(String processor, Long atLeast, String relationshipId) {
        if (atLeast == null) {
            return;
        }
        if (atLeast < 0) {
            throw InvalidValue.of("atLeast", "must be a position returned by a command (>= 0)");
        }
        if (progress.covers(processor, atLeast, relationshipId)) {
            return;
        }
        long drawn = lastDrawn();
        if (atLeast > drawn) {
            // no command was given this position: waiting could only end in "retry"
            throw InvalidValue.of("atLeast", "is beyond the last position the ledger has given a command (" + drawn
                    + "); pass the position a command answered with");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pause = 5;
        while (!progress.covers(processor, atLeast, relationshipId)) {
            if (System.nanoTime() > deadline) {
                throw new NotYetProjected(atLeast);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotYetProjected(atLeast);
            }
            pause = Math.min(50, pause * 2);
        }
    }

    /**
     * The last position drawn from the event store's sequence (0 before the first event); unknown (the largest
     * position) while this login may not read it yet: the command side's migration V12 grants it, and during an
     * upgrade a query node may start first. Then the wait decides, as before.
     */
    private long lastDrawn() {
        try {
            Long last = jdbc.queryForObject(
                    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM event_store.event_global_index_seq",
                    Long.class);
            return last == null ? 0 : last;
        } catch (DataAccessException notYetGranted) {
            return Long.MAX_VALUE;
        }
    }

    /** The projection has not reached the position within the wait. */
    public static class NotYetProjected extends RuntimeException {
        public NotYetProjected(long position) {
            super("the read model has not reached position " + position + " yet; retry shortly");
        }
    }
}
