package dev.relationshipledger.support.operations;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A value for gauges, read (from the database) by a thread of its own every {@code every}, so that a scrape only
 * reads memory. Read at scrape time, every gauge of a scrape waited in turn for an unreachable database (the pool's
 * connection timeout, 5 s, per read): the scrape outlived Prometheus' 10 s timeout and every metric vanished exactly
 * while the database was down.
 *
 * <p>Reads never overlap: one thread, the next read {@code every} after the last one ended. A failed read replaces
 * the value by what {@code unreadable} makes of the last one (the ledger's gauges answer NaN: unknown, not a stale
 * number that alert rules would take for the truth); so does a value not read for {@link #STALE} (a read that
 * hangs). An outage (reads failing, or a value gone stale) is logged as one warning and its end as one info line,
 * not once per read.
 */
public final class RefreshedReading<T> implements AutoCloseable {

    /** Older than this, the last value is shown as unreadable. Twice the slowest refresh (5 s), and a failing read
     * takes the connection timeout (5 s) before it says so. */
    public static final Duration STALE = Duration.ofSeconds(10);

    private final String what;
    private final Duration every;
    private final Supplier<T> read;
    private final UnaryOperator<T> unreadable;
    private final Logger log;
    private volatile Reading<T> last;
    private boolean failing;
    /** A stale value was reported; a hung read ends no outage of its own, the first read that succeeds does. */
    private final AtomicBoolean staleReported = new AtomicBoolean();
    /** Guards {@link #reader}; not {@code this}, which a hung read holds (stopping must not wait for it). */
    private final Object lifecycle = new Object();
    private ScheduledExecutorService reader;

    private record Reading<T>(T value, long atNanos) {
    }

    /**
     * @param what       what is read, for the log ("the hash chain's state")
     * @param initial    the value until the first read
     * @param unreadable what to show instead of the last value when it cannot be read
     */
    public RefreshedReading(String what, Duration every, T initial, Supplier<T> read, UnaryOperator<T> unreadable,
                            Logger log) {
        this.what = what;
        this.every = every;
        this.read = read;
        this.unreadable = unreadable;
        this.log = log;
        this.last = new Reading<>(initial, System.nanoTime());
    }

    /** The last value read; never waits. */
    public T get() {
        Reading<T> current = last;
        if (System.nanoTime() - current.atNanos() <= STALE.toNanos()) {
            return current.value();
        }
        if (staleReported.compareAndSet(false, true)) {
            log.warn("no reading of {} for {} s (a read waits for the database); its metrics are unknown (NaN) "
                    + "until the next reading", what, STALE.toSeconds());
        }
        return unreadable.apply(current.value());
    }

    /** Reads now, on the calling thread (the reader thread calls it; tests may). */
    public synchronized void refresh() {
        T value;
        try {
            value = read.get();
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("cannot read {}; its metrics are unknown (NaN) until it can be read again: {}", what, e.toString());
            }
            log.debug("could not read {}", what, e);
            failing = true;
            last = new Reading<>(unreadable.apply(last.value()), System.nanoTime());
            return;
        }
        if (staleReported.getAndSet(false) | failing) {
            log.info("reading {} works again", what);
            failing = false;
        }
        last = new Reading<>(value, System.nanoTime());
    }

    /** Starts reading, the first time at once. */
    public void start() {
        synchronized (lifecycle) {
            if (reader != null) {
                return;
            }
            reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "metrics-reader");
                thread.setDaemon(true);
                return thread;
            });
            reader.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (lifecycle) {
            stopping = reader;
            reader = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
    }
}
