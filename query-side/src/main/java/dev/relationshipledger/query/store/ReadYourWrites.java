package dev.relationshipledger.query.store;

import org.springframework.beans.factory.annotation.Value;
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
    private final Duration maxWait;

    public ReadYourWrites(ProjectionProgress progress, @Value("${ledger.read-your-writes.max-wait:5s}") Duration maxWait) {
        this.progress = progress;
        this.maxWait = maxWait;
    }

    /** Returns when the projection covers the position; throws {@link NotYetProjected} after the bounded wait. */
    public void await(String processor, Long atLeast, String relationshipId) {
        if (atLeast == null) {
            return;
        }
        if (atLeast < 0) {
            throw dev.relationshipledger.kernel.validation.InvalidValue.of("atLeast", "must be a position returned by a command (>= 0)");
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

    /** The projection has not reached the position within the wait. */
    public static class NotYetProjected extends RuntimeException {
        public NotYetProjected(long position) {
            super("the read model has not reached position " + position + " yet; retry shortly");
        }
    }
}
