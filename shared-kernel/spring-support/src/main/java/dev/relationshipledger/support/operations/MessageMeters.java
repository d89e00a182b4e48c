package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Axon's message timers and counters ({@code <prefix>.allTimer}, {@code .successTimer}, {@code .failureTimer},
 * {@code .ignoredTimer}; {@code <prefix>.ingestedCounter}, {@code .successCounter}, {@code .failureCounter},
 * {@code .processedCounter}, {@code .ignoredCounter}): the meters, names, tags and timer settings of
 * axon-micrometer's {@code MessageTimerMonitor} and {@code MessageCountingMonitor} together, looked up once per
 * payload type instead of for every message.
 *
 * <p>Why: Axon's monitors build the tags and look up nine meters in the registry for every message, on every
 * command and on every event in each processor. In the benchmark's profile (S1 over HTTP, 8 clients) that was 9 %
 * of the request threads' samples. The tags may therefore depend on the payload type only, which holds for all of
 * Axon's dimensional defaults (payload type, and processor name per monitor).
 */
final class MessageMeters implements MessageMonitor<Message<?>> {

    /** As Axon's timers: percentiles over a ten-minute window. */
    private static final Duration STATISTICS_EXPIRY = Duration.ofMinutes(10);
    private static final double[] PERCENTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private final String prefix;
    private final MeterRegistry registry;
    private final Function<Class<?>, Tags> tagsOfPayloadType;
    private final Clock clock;
    private final Map<Class<?>, Meters> byPayloadType = new ConcurrentHashMap<>();

    MessageMeters(String prefix, MeterRegistry registry, Function<Class<?>, Tags> tagsOfPayloadType) {
        this(prefix, registry, tagsOfPayloadType, Clock.SYSTEM);
    }

    MessageMeters(String prefix, MeterRegistry registry, Function<Class<?>, Tags> tagsOfPayloadType, Clock clock) {
        this.prefix = prefix;
        this.registry = registry;
        this.tagsOfPayloadType = tagsOfPayloadType;
        this.clock = clock;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Meters known = byPayloadType.get(message.getPayloadType());
        Meters of = known != null ? known : byPayloadType.computeIfAbsent(message.getPayloadType(), this::register);
        of.ingested.increment();
        long start = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                of.ended(start, of.successTimer);
                of.processed.increment();
                of.success.increment();
            }

            @Override
            public void reportFailure(Throwable cause) {
                of.ended(start, of.failureTimer);
                of.processed.increment();
                of.failure.increment();
            }

            @Override
            public void reportIgnored() {
                of.ended(start, of.ignoredTimer);
                of.ignored.increment();
            }
        };
    }

    private Meters register(Class<?> payloadType) {
        return new Meters(tagsOfPayloadType.apply(payloadType));
    }

    private final class Meters {
        final Counter ingested;
        final Counter success;
        final Counter failure;
        final Counter processed;
        final Counter ignored;
        final Timer allTimer;
        final Timer successTimer;
        final Timer failureTimer;
        final Timer ignoredTimer;

        Meters(Tags tags) {
            ingested = registry.counter(prefix + ".ingestedCounter", tags);
            success = registry.counter(prefix + ".successCounter", tags);
            failure = registry.counter(prefix + ".failureCounter", tags);
            processed = registry.counter(prefix + ".processedCounter", tags);
            ignored = registry.counter(prefix + ".ignoredCounter", tags);
            allTimer = timer("allTimer", tags);
            successTimer = timer("successTimer", tags);
            failureTimer = timer("failureTimer", tags);
            ignoredTimer = timer("ignoredTimer", tags);
        }

        private Timer timer(String name, Tags tags) {
            return Timer.builder(prefix + "." + name)
                    .distributionStatisticExpiry(STATISTICS_EXPIRY)
                    .publishPercentiles(PERCENTILES)
                    .tags(tags)
                    .register(registry);
        }

        void ended(long start, Timer outcome) {
            long nanos = clock.monotonicTime() - start;
            allTimer.record(nanos, TimeUnit.NANOSECONDS);
            outcome.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
