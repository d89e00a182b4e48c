package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An event processor's latency ({@code <prefix>.latency}, a gauge per tag set): milliseconds between the event's
 * timestamp and the moment the processor took it, as of the last event taken. Same meaning as axon-micrometer's
 * {@code EventProcessorLatencyMonitor}, which builds and registers its gauge again for every event: Micrometer
 * answers each of those registrations with a lookup, and the first with a "Gauge already registered" warning at
 * start-up. Here the gauge is registered once per tag set.
 */
final class LatencyMeter implements MessageMonitor<EventMessage<?>> {

    private final String name;
    private final MeterRegistry registry;
    private final Function<? super EventMessage<?>, Iterable<Tag>> tags;
    private final Clock clock;
    private final Map<Tags, AtomicLong> latest = new ConcurrentHashMap<>();

    LatencyMeter(String prefix, MeterRegistry registry, Function<? super EventMessage<?>, Iterable<Tag>> tags) {
        this(prefix, registry, tags, Clock.SYSTEM);
    }

    LatencyMeter(String prefix, MeterRegistry registry, Function<? super EventMessage<?>, Iterable<Tag>> tags,
                 Clock clock) {
        this.name = prefix + ".latency";
        this.registry = registry;
        this.tags = tags;
        this.clock = clock;
    }

    @Override
    public MonitorCallback onMessageIngested(EventMessage<?> message) {
        latest.computeIfAbsent(Tags.of(tags.apply(message)), this::register)
                .set(clock.wallTime() - message.getTimestamp().toEpochMilli());
        return NoOpMessageMonitorCallback.INSTANCE;
    }

    private AtomicLong register(Tags tagSet) {
        AtomicLong millis = new AtomicLong();
        registry.gauge(name, tagSet, millis, AtomicLong::doubleValue);
        return millis;
    }
}
