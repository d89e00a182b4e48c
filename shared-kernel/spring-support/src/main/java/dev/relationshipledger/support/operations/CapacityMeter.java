package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Axon's capacity meter ({@code <prefix>.capacity}, a gauge per tag set): the time spent handling messages within
 * the last window divided by the window, so one thread busy all the time reads 1. Same meaning as axon-micrometer's
 * {@code CapacityMonitor}, kept in a fixed number of time buckets instead of one sample per message: Axon's
 * keeps every message's duration for the whole window in a skip list, which at a few thousand messages a second (each
 * counted on the command bus, the event store and every processor) held hundreds of thousands of entries, promoted
 * them to the old generation and filled a 512 MiB heap during a catch-up; it also built a string key and looked up
 * the gauge for every message. Here memory per tag set is {@value #BUCKETS} buckets, whatever the rate, and the
 * gauge is found by the payload type, on which alone the tags may depend.
 */
final class CapacityMeter implements MessageMonitor<Message<?>> {

    static final int BUCKETS = 60;

    private final String name;
    private final MeterRegistry registry;
    private final Function<Class<?>, Tags> tagsOfPayloadType;
    private final Clock clock;
    private final long bucketNanos;
    private final Map<Class<?>, Window> windows = new ConcurrentHashMap<>();

    CapacityMeter(String prefix, MeterRegistry registry, Duration window, Function<Class<?>, Tags> tagsOfPayloadType) {
        this(prefix, registry, window, tagsOfPayloadType, Clock.SYSTEM);
    }

    CapacityMeter(String prefix, MeterRegistry registry, Duration window, Function<Class<?>, Tags> tagsOfPayloadType,
                  Clock clock) {
        if (window.toNanos() < BUCKETS) {
            throw new IllegalArgumentException("capacity window too short: " + window);
        }
        this.name = prefix + ".capacity";
        this.registry = registry;
        this.tagsOfPayloadType = tagsOfPayloadType;
        this.clock = clock;
        this.bucketNanos = window.toNanos() / BUCKETS;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Window known = windows.get(message.getPayloadType());
        Window window = known != null ? known : windows.computeIfAbsent(message.getPayloadType(), this::register);
        long start = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                long end = clock.monotonicTime();
                window.add(end, end - start);
            }

            @Override
            public void reportFailure(Throwable cause) {
                reportSuccess();
            }

            @Override
            public void reportIgnored() {
                reportSuccess();
            }
        };
    }

    private Window register(Class<?> payloadType) {
        Window window = new Window();
        registry.gauge(name, tagsOfPayloadType.apply(payloadType), window, w -> w.busyShare(clock.monotonicTime()));
        return window;
    }

    /** Busy nanoseconds per bucket, the bucket's number (time / bucket length) beside it. */
    private final class Window {
        private final long[] bucketNumber = new long[BUCKETS];
        private final long[] busy = new long[BUCKETS];

        Window() {
            Arrays.fill(bucketNumber, Long.MIN_VALUE);
        }

        /** A message finished at {@code now} after {@code nanos}; counted in the bucket of its end, as Axon does. */
        synchronized void add(long now, long nanos) {
            long number = Math.floorDiv(now, bucketNanos);
            int slot = (int) Math.floorMod(number, (long) BUCKETS);
            if (bucketNumber[slot] != number) {
                bucketNumber[slot] = number;
                busy[slot] = 0;
            }
            busy[slot] += nanos;
        }

        /** Busy time of the messages that ended within the last window, over the window. */
        synchronized double busyShare(long now) {
            long current = Math.floorDiv(now, bucketNanos);
            long total = 0;
            for (int slot = 0; slot < BUCKETS; slot++) {
                if (bucketNumber[slot] > current - BUCKETS) {
                    total += busy[slot];
                }
            }
            return (double) total / (bucketNanos * BUCKETS);
        }
    }
}
