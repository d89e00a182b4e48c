package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.query.operations.BackgroundPriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one projection's bulk pass on a thread of its own, fed by the scan through a short queue: the scan
 * deserializes while the projections fold and write, and one projection's wait on PostgreSQL does not hold up the
 * others. The chunks are shared and only read.
 */
final class PassWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PassWorker.class);
    private static final List<StoredEvent> FLUSH = new ArrayList<>(0);
    private static final List<StoredEvent> END = new ArrayList<>(0);

    private final String projection;
    private final RebuildTarget.Pass pass;
    private final BlockingQueue<List<StoredEvent>> queue = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private volatile Throwable failure;
    /** Time the pass spent waiting for events, and the scan spent waiting for room in its queue: who waits on whom. */
    private volatile long idleNanos;
    private long blockedNanos;

    PassWorker(String projection, RebuildTarget.Pass pass, BackgroundPriority priority) {
        this.projection = projection;
        this.pass = pass;
        this.thread = priority.threads("rebuild-" + projection).newThread(this::work);
        thread.start();
    }

    private void work() {
        try {
            while (true) {
                long waiting = System.nanoTime();
                List<StoredEvent> next = queue.take();
                idleNanos += System.nanoTime() - waiting;
                if (next == END) {
                    pass.finish();
                    return;
                } else if (next == FLUSH) {
                    pass.flushPart();
                } else {
                    pass.fold(next);
                }
            }
        } catch (Throwable e) {
            failure = e;
            pass.abandon();
        }
    }

    /** Hands on events (or a marker), waiting while the queue is full; fails as soon as the pass has failed. */
    void send(List<StoredEvent> item) {
        long waiting = System.nanoTime();
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                failIfFailed();
            }
            blockedNanos += System.nanoTime() - waiting;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        }
        failIfFailed();
    }

    void flushPart() {
        send(FLUSH);
    }

    /** Asks the pass to write everything it still holds and end. */
    void end() {
        send(END);
    }

    /** Waits until the pass has ended: everything it held is written. */
    void awaitEnd() throws InterruptedException {
        thread.join();
        failIfFailed();
        LOG.info("rebuild of {}: its pass waited {} ms for events; the scan waited {} ms for it", projection,
                idleNanos / 1_000_000, blockedNanos / 1_000_000);
    }

    /** Stops the pass if it still runs (the scan failed). */
    void stop() {
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void failIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("the rebuild of " + projection + " failed: " + failure.getMessage(), failure);
        }
    }
}
