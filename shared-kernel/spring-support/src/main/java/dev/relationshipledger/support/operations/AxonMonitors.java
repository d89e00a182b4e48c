package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Axon's message monitors for the command bus, the event store and the event processors: the same meters, names
 * and tags as axon-micrometer's dimensional defaults (docs/metrics.md), with three exceptions. Timers and counters
 * are looked up once per payload type, not for every message ({@link MessageMeters}). The capacity meters
 * average over {@code ledger.metrics.capacity-window} instead of Axon's fixed ten minutes, in time buckets
 * ({@link CapacityMeter}) instead of Axon's sample per message: Axon's ten minutes of samples exhausted a 512 MiB
 * heap in the benchmark's 1,000,000-event run (a catching-up query side handles thousands of events a second, each
 * counted by three processors and the event store). The processors' latency gauges are registered once
 * ({@link LatencyMeter}) instead of for every event. Registered per component type, which Axon prefers to its
 * default factory.
 */
@Configuration(proxyBeanMethods = false)
public class AxonMonitors {

    @Bean
    public ConfigurerModule capacityWindow(MeterRegistry registry,
                                           @Value("${ledger.metrics.capacity-window:1m}") Duration window) {
        return configurer -> configurer
                .configureMessageMonitor(CommandBus.class, (configuration, type, name) ->
                        handlerMonitor(name, registry, window))
                .configureMessageMonitor(EventBus.class, (configuration, type, name) ->
                        handlerMonitor(name, registry, window))
                .configureMessageMonitor(EventProcessor.class, (configuration, type, name) ->
                        processorMonitor(name, registry, window));
    }

    /** As axon-micrometer's default for buses: timer, capacity and counter, tagged by payload type. */
    static MessageMonitor<Message<?>> handlerMonitor(String name, MeterRegistry registry, Duration window) {
        Function<Class<?>, Tags> tags = payloadType -> Tags.of(TagsUtil.PAYLOAD_TYPE_TAG, payloadType.getSimpleName());
        return new MultiMessageMonitor<>(List.of(
                new MessageMeters(name, registry, tags),
                new CapacityMeter(name, registry, window, tags)));
    }

    /**
     * As axon-micrometer's default for processors: under "eventProcessor", tagged by processor and payload type.
     * Typed for any message as Axon's factory wants it; a processor only ever hands it events.
     */
    @SuppressWarnings("unchecked")
    static MessageMonitor<Message<?>> processorMonitor(String processor, MeterRegistry registry, Duration window) {
        String prefix = "eventProcessor";
        Function<Class<?>, Tags> tags = payloadType -> Tags.of(TagsUtil.PAYLOAD_TYPE_TAG,
                payloadType.getSimpleName(), TagsUtil.PROCESSOR_NAME_TAG, processor);
        Tags processorTag = Tags.of(TagsUtil.PROCESSOR_NAME_TAG, processor); // built once, not per event
        MessageMonitor<EventMessage<?>> monitor = new MultiMessageMonitor<EventMessage<?>>(List.of(
                new MessageMeters(prefix, registry, tags),
                new LatencyMeter(prefix, registry, message -> processorTag),
                new CapacityMeter(prefix, registry, window, tags)));
        return (MessageMonitor<Message<?>>) (MessageMonitor<?>) monitor;
    }
}
