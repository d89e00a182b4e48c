package dev.relationshipledger.query.store;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared head: streams at the head get the same (once read) messages, a stream behind the window or pushed out
 * of it reads privately and misses nothing, nothing is handed out twice or out of order while events keep arriving
 * and the window evicts, streams are called back when events arrive, and still find events the arrivals watch
 * does not report.
 */
class SharedHeadEventSourceTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .optimizeEventConsumption(false)
            .build();
    private final AtomicLong published = new AtomicLong();
    private final EventArrivals arrivals = new EventArrivals(published::get, Duration.ofMillis(5));

    @AfterEach
    void stop() {
        arrivals.close();
        store.shutDown();
    }

    @Test
    void streamsAtTheHeadShareOneReadOfEachEvent() throws Exception {
        CountingSource counting = new CountingSource(store);
        try (SharedHeadEventSource source = new SharedHeadEventSource(counting, arrivals, 1_000)) {
            publish(10);
            await().atMost(Duration.ofSeconds(5)).until(source::started);
            List<BlockingStream<TrackedEventMessage<?>>> streams = List.of(source.openStream(null),
                    source.openStream(null), source.openStream(null));
            for (BlockingStream<TrackedEventMessage<?>> stream : streams) {
                assertThat(read(stream, 10)).containsExactlyElementsOf(positions(0, 10)); // behind: privately
            }
            publish(100);
            List<List<TrackedEventMessage<?>>> got = new ArrayList<>();
            for (BlockingStream<TrackedEventMessage<?>> stream : streams) {
                List<TrackedEventMessage<?>> events = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    events.add(stream.nextAvailable());
                }
                assertThat(events).extracting(SharedHeadEventSourceTest::position)
                        .containsExactlyElementsOf(positions(10, 100));
                got.add(events);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(got.get(1).get(i)).as("one message for all streams").isSameAs(got.get(0).get(i));
                assertThat(got.get(2).get(i)).as("one message for all streams").isSameAs(got.get(0).get(i));
            }
            assertThat(counting.read.get()).as("events read from the store: 3 x 10 privately, then 100 once")
                    .isEqualTo(130);
            assertThat(source.windowSize()).isEqualTo(100);
            streams.forEach(BlockingStream::close);
        }
    }

    @Test
    void aStreamPushedOutOfTheWindowReadsPrivatelyAndMissesNothing() throws Exception {
        try (SharedHeadEventSource source = new SharedHeadEventSource(store, arrivals, 10)) {
            await().atMost(Duration.ofSeconds(5)).until(source::started);
            BlockingStream<TrackedEventMessage<?>> fast = source.openStream(null);
            BlockingStream<TrackedEventMessage<?>> slow = source.openStream(null);
            publish(5);
            assertThat(read(slow, 3)).containsExactly(0L, 1L, 2L);
            for (int burst = 0; burst < 20; burst++) {
                publish(7);
                assertThat(read(fast, burst == 0 ? 12 : 7)).hasSize(burst == 0 ? 12 : 7);
            }
            assertThat(source.windowSize()).isLessThanOrEqualTo(10);
            assertThat(read(slow, 142)).containsExactlyElementsOf(positions(3, 142));
            assertThat(slow.hasNextAvailable()).isFalse();
            publish(1);
            assertThat(read(slow, 1)).containsExactly(145L);
            assertThat(read(fast, 1)).containsExactly(145L);
        }
    }

    @Test
    void readersMissNothingAndGetNothingTwiceWhileEventsKeepArriving() throws Exception {
        int total = 5_000;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (SharedHeadEventSource source = new SharedHeadEventSource(store, arrivals, 50)) {
            List<Future<List<Long>>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                SplittableRandom random = new SplittableRandom(r);
                readers.add(threads.submit(() -> {
                    try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
                        List<Long> seen = new ArrayList<>();
                        while (seen.size() < total) {
                            if (stream.hasNextAvailable(10, TimeUnit.MILLISECONDS)) {
                                seen.add(position(stream.nextAvailable()));
                            }
                            if (random.nextInt(200) == 0) {
                                Thread.sleep(random.nextInt(20)); // now and then falls behind the window
                            }
                        }
                        return seen;
                    }
                }));
            }
            threads.submit(() -> {
                for (int i = 0; i < total; i += 25) {
                    publish(25);
                    Thread.sleep(1);
                }
                return null;
            });
            for (Future<List<Long>> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(positions(0, total));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void streamsAreCalledBackWhenEventsArrive() throws Exception {
        try (SharedHeadEventSource source = new SharedHeadEventSource(store, arrivals, 100)) {
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
            AtomicInteger calls = new AtomicInteger();
            assertThat(stream.setOnAvailableCallback(calls::incrementAndGet)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(source::started);
            Thread.sleep(50);
            int idle = calls.get();
            Thread.sleep(100);
            assertThat(calls.get()).as("calls while nothing arrives").isEqualTo(idle);
            publish(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() > idle);
            assertThat(stream.hasNextAvailable()).isTrue();
            stream.close();
            int closed = calls.get();
            publish(1);
            Thread.sleep(100);
            assertThat(calls.get()).as("calls after the stream closed").isEqualTo(closed);
        }
    }

    @Test
    void aStreamAtTheHeadStillFindsEventsTheArrivalsWatchDoesNotSee() throws Exception {
        EventArrivals deaf = new EventArrivals(() -> 0, Duration.ofMillis(5)); // rises once, then never again
        try (SharedHeadEventSource source = new SharedHeadEventSource(store, deaf, 100)) {
            await().atMost(Duration.ofSeconds(5)).until(source::started);
            BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
            assertThat(stream.hasNextAvailable()).isFalse();
            publish(3);
            long t0 = System.nanoTime();
            assertThat(read(stream, 3)).containsExactly(0L, 1L, 2L);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("found after the window went stale")
                    .isLessThan(Duration.ofSeconds(3));
        } finally {
            deaf.close();
        }
    }

    /** The event store, counting the events its streams hand out. */
    private static final class CountingSource implements StreamableMessageSource<TrackedEventMessage<?>> {

        final AtomicLong read = new AtomicLong();
        private final StreamableMessageSource<TrackedEventMessage<?>> store;

        CountingSource(StreamableMessageSource<TrackedEventMessage<?>> store) {
            this.store = store;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            BlockingStream<TrackedEventMessage<?>> stream = store.openStream(token);
            return new BlockingStream<>() {
                @Override
                public Optional<TrackedEventMessage<?>> peek() {
                    return stream.peek();
                }

                @Override
                public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
                    return stream.hasNextAvailable(timeout, unit);
                }

                @Override
                public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
                    read.incrementAndGet();
                    TrackedEventMessage<?> next = stream.nextAvailable();
                    // a new message per read, as a JDBC store deserializes anew (the in-memory one would not)
                    return new GenericTrackedEventMessage<>(next.trackingToken(), next);
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
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
    }

    private void publish(int events) {
        for (int i = 0; i < events; i++) {
            store.publish(GenericEventMessage.asEventMessage("event " + published.get()));
            published.incrementAndGet();
        }
    }

    private static List<Long> read(BlockingStream<TrackedEventMessage<?>> stream, int events) throws Exception {
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).as("event %d of %d", i + 1, events).isTrue();
            positions.add(position(stream.nextAvailable()));
        }
        return positions;
    }

    private static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    private static List<Long> positions(long from, int count) {
        List<Long> positions = new ArrayList<>();
        for (long p = from; p < from + count; p++) {
            positions.add(p);
        }
        return positions;
    }
}
