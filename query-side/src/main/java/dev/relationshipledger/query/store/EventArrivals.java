package dev.relationshipledger.query.store;

import org.axonframework.common.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Tells the processors that new events can be read: every {@code ledger.events.poll-interval} one thread asks the
 * event store for its read horizon and, when it has risen, calls every listener. Events are appended by another
 * process, so nothing else could tell; Axon's pooled processors otherwise look at an idle stream only every 500 ms,
 * which was most of the projections' lag (docs/measurements.md). The horizon, not the newest position, because an
 * event that commits below a newer one moves the horizon and not the head.
 */
public final class EventArrivals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventArrivals.class);

    /** Where the read horizon comes from: the event store's {@code read_horizon()}, or a test's count of events. */
    interface Horizon {
        long now() throws SQLException;
    }

    private final Horizon source;
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private volatile long horizon = -1;

    /** {@code threads} makes the poller's thread, which also fills the processors' shared window. */
    public EventArrivals(DataSource dataSource, Duration pollInterval, ThreadFactory threads) {
        this(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return ReadHorizon.of(connection);
            }
        }, pollInterval, threads);
    }

    EventArrivals(Horizon source, Duration pollInterval) {
        this(source, pollInterval, task -> {
            Thread thread = new Thread(task, "event-arrivals");
            thread.setDaemon(true);
            return thread;
        });
    }

    private EventArrivals(Horizon source, Duration pollInterval, ThreadFactory threads) {
        this.source = source;
        this.poller = Executors.newSingleThreadScheduledExecutor(threads);
        long millis = Math.max(1, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::look, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Calls {@code listener} (on the poller's thread, one at a time) each time the read horizon rises. */
    public Registration listen(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void look() {
        if (listeners.isEmpty()) {
            return;
        }
        long now;
        try {
            now = source.now();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("read horizon not available; after a second the processors look in the store themselves", e);
            return;
        }
        if (now > horizon) {
            horizon = now;
            for (Runnable listener : listeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    LOG.warn("an event-arrival listener failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
