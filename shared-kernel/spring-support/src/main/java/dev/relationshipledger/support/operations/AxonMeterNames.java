package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Gives Axon's own metrics (axon-micrometer, dimensional) Prometheus-style names: {@code commandBus.successCounter}
 * becomes {@code axon_command_bus_success_total}, {@code eventProcessor.allTimer} becomes
 * {@code axon_event_processor_all_duration_seconds}, {@code eventProcessor.latency} (a gauge in milliseconds)
 * becomes {@code axon_event_processor_latency_milliseconds}. Names it does not know are left as they are, so that
 * two Axon meters can never be mapped onto one name. Tags are Axon's ({@code payloadType}, {@code processorName}).
 * The same mapping is applied on both sides (docs/metrics.md lists the result).
 */
@Configuration(proxyBeanMethods = false)
public class AxonMeterNames {

    private static final Map<String, String> COMPONENTS = Map.of(
            "commandBus", "axon.command.bus",
            "eventStore", "axon.event.store",
            "eventBus", "axon.event.bus",
            "eventProcessor", "axon.event.processor",
            "queryBus", "axon.query.bus",
            "queryUpdateEmitter", "axon.query.update.emitter");

    @Bean
    public MeterFilter axonMeterNameFilter() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String name = id.getName();
                int dot = name.indexOf('.');
                String component = dot < 0 ? null : COMPONENTS.get(name.substring(0, dot));
                String measure = component == null ? null : measure(name.substring(dot + 1));
                return measure == null ? id : id.withName(component + "." + measure);
            }
        };
    }

    /** successTimer -> success.duration, successCounter -> success, latency -> latency.milliseconds; else null. */
    static String measure(String axonName) {
        if (axonName.matches("[a-z]+Timer")) {
            return axonName.substring(0, axonName.length() - "Timer".length()) + ".duration";
        }
        if (axonName.matches("[a-z]+Counter")) {
            return axonName.substring(0, axonName.length() - "Counter".length());
        }
        return switch (axonName) {
            case "latency" -> "latency.milliseconds";
            case "capacity" -> "capacity";
            default -> null;
        };
    }
}
