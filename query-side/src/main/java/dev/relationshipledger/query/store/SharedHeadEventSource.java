package dev.relationshipledger.query.store;

import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * The processors' event source. Near the head of the ledger, where the projections spend their time, the events are
 * read once for all processors into a window of at most {@code capacity} events and handed to each of them from
 * there: one read and one deserialization per event (the messages deserialize lazily and are shared) instead of one
 * per processor, and a processor asking for more finds out from memory, not with a query. A processor behind the
 * window (catching up, replaying) reads the event store privately until it reaches the window, so a slow processor
 * never holds more than the window in memory: Axon's own shared producer kept everything it read reachable from the
 * slowest consumer (AxonFramework#2954, docs/measurements.md).
 *
 * <p>The window is filled when {@link EventArrivals} sees the read horizon rise, and the streams are then called back
 * ({@link BlockingStream#setOnAvailableCallback}), so an idle pooled processor is woken instead of looking again
 * after 500 ms. When every stream is behind the window (all processors catching up), the window is not read but
 * restarted at the store's head, so a catch-up does not pay for a read nobody uses. When no arrival was heard for
 * a second, a stream that finds nothing in the window asks the store as well, as Axon's processor does every second
 * when nothing calls it back: the watch only sees a rising horizon, and a database it could not read or a horizon
 * function replaced by hand must not stall the projections.
 *
 * <p>Why every event above {@code start} is in the window, up to the last one read: the window reads the event store
 * from its head at the time ({@code start}) on. An event that commits later below that head is not in the window,
 * but no stream can be past it: the streams read the store only up to its read horizon (decision 0007), so a stream
 * reaches {@code start} either through the window or after that event became final and it read it. {@code start}
 * only rises, and rises before events leave the window, so a stream that still sees its position at or above
 * {@code start} after a lookup got the next event.
 */
public final class SharedHeadEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedHeadEventSource.class);
    private static final long NOT_STARTED = Long.MAX_VALUE;
    /** A window that heard of no arrival for this long may have missed some: streams then also ask the store. */
    private static final long STALE = TimeUnit.SECONDS.toNanos(1);

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final int capacity;
    private final Registration listening;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ConcurrentSkipListMap<Long, TrackedEventMessage<?>> window = new ConcurrentSkipListMap<>();
    private final Object arrived = new Object();
    /** Every event above this position, up to the last one read, is in the window. */
    private volatile long start = NOT_STARTED;
    /** When the window last heard of arriving events (nanoTime). */
    private volatile long lastArrival = System.nanoTime();
    // the window's reader, only touched on the arrivals thread
    private BlockingStream<TrackedEventMessage<?>> tail;
    private int size;

    public SharedHeadEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, EventArrivals arrivals,
                                 int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the shared window holds at least one event, not " + capacity);
        }
        this.store = store;
        this.capacity = capacity;
        this.listening = arrivals.listen(this::arrived);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        Stream stream = new Stream(trackingToken);
        streams.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    /** Events in the window now (for tests). */
    int windowSize() {
        return window.size();
    }

    /** Whether the window has been started by a first arrival (for tests). */
    boolean started() {
        return start != NOT_STARTED;
    }

    /** On the arrivals thread: the horizon rose. */
    private void arrived() {
        try {
            if (tail == null || streams.stream().noneMatch(Stream::atTheWindow)) {
                restart();
            } else {
                read();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            // the database failed mid-read: start afresh at the next arrival rather than trust this reader's state
            if (tail != null) {
                tail.close();
                tail = null;
            }
            throw e;
        }
        lastArrival = System.nanoTime();
        synchronized (arrived) {
            arrived.notifyAll();
        }
        for (Stream stream : streams) {
            Runnable callback = stream.callback;
            if (callback != null) {
                callback.run();
            }
        }
    }

    private void restart() {
        TrackingToken head = store.createHeadToken();
        LOG.debug("shared window (re)started at {}: every stream is behind it", head);
        start = position(head); // first: nothing at or below it is looked up in the window any more
        window.clear();
        size = 0;
        if (tail != null) {
            tail.close();
        }
        tail = store.openStream(head);
    }

    private void read() throws InterruptedException {
        while (tail.hasNextAvailable()) {
            TrackedEventMessage<?> event = tail.nextAvailable();
            window.put(position(event.trackingToken()), event);
            if (++size > capacity) {
                long oldest = window.firstKey();
                start = oldest; // before it leaves: a stream at a lower position reads privately from here on
                window.remove(oldest);
                size--;
            }
        }
    }

    private void awaitArrival(long nanos) throws InterruptedException {
        synchronized (arrived) {
            TimeUnit.NANOSECONDS.timedWait(arrived, nanos);
        }
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    @Override
    public void close() {
        listening.cancel();
        streams.forEach(Stream::close);
        if (tail != null) {
            tail.close();
        }
    }

    /** One processor's stream: from the window while at the head, from the event store while behind it. */
    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private volatile TrackingToken last;
        private TrackedEventMessage<?> peeked;
        private BlockingStream<TrackedEventMessage<?>> behind;
        private volatile Runnable callback;

        Stream(TrackingToken from) {
            this.last = from;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return hasNextAvailable() ? Optional.of(peeked) : Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (peeked == null) {
                peeked = next();
                long left = deadline - System.nanoTime();
                if (peeked == null && left <= 0) {
                    return false;
                }
                if (peeked == null) {
                    awaitArrival(Math.min(left, STALE / 10)); // and look again: the window may have gone stale
                }
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                // blocks, as the contract asks
            }
            TrackedEventMessage<?> event = peeked;
            peeked = null;
            last = event.trackingToken();
            return event;
        }

        /** Whether this stream reads from the window (next time it looks), rather than from the store. */
        boolean atTheWindow() {
            return position(last) >= start;
        }

        private TrackedEventMessage<?> next() throws InterruptedException {
            long at = position(last);
            if (at >= start) {
                Map.Entry<Long, TrackedEventMessage<?>> next = window.higherEntry(at);
                if (at >= start) { // nothing above `at` left the window during the lookup
                    if (next != null) {
                        closeBehind();
                        return next.getValue();
                    }
                    if (System.nanoTime() - lastArrival < STALE) {
                        return null;
                    }
                    // no arrival heard for a second: ask the store too (see the class comment)
                }
            }
            if (behind == null) {
                LOG.debug("a stream at {} reads the event store itself; the shared window starts at {}", at, start);
                behind = store.openStream(last);
            }
            return behind.hasNextAvailable() ? behind.nextAvailable() : null;
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            if (behind != null) {
                behind.skipMessagesWithPayloadTypeOf(ignoredMessage);
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        @Override
        public void close() {
            streams.remove(this);
            callback = null;
            closeBehind();
        }

        private void closeBehind() {
            if (behind != null) {
                behind.close();
                behind = null;
            }
        }
    }
}
