package dev.relationshipledger.query.store;

import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processors' event source: the event store's streams, each able to say when events arrive
 * ({@link BlockingStream#setOnAvailableCallback}, answered by {@link EventArrivals}). The event store's own streams
 * cannot, and a pooled processor whose stream cannot looks again only after 500 ms.
 */
public final class ArrivalAwareEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final EventArrivals arrivals;

    public ArrivalAwareEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, EventArrivals arrivals) {
        this.store = store;
        this.arrivals = arrivals;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Stream(store.openStream(trackingToken));
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

    private final class Stream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private volatile Registration listening;

        Stream(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return events.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return events.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public synchronized boolean setOnAvailableCallback(Runnable callback) {
            stopListening();
            listening = arrivals.listen(callback);
            return true;
        }

        @Override
        public void close() {
            stopListening();
            events.close();
        }

        private synchronized void stopListening() {
            if (listening != null) {
                listening.cancel();
                listening = null;
            }
        }
    }
}
