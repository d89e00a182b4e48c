package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The latency gauge: how old the last event a processor took was, in milliseconds, one gauge per processor. */
class LatencyMeterTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    private LatencyMeter meterOf(String processor) {
        return new LatencyMeter("eventProcessor", registry, message -> Tags.of("processorName", processor), clock);
    }

    private EventMessage<?> recordedAt(Instant timestamp) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), "an event", MetaData.emptyInstance(), timestamp);
    }

    private double latency(String processor) {
        return registry.get("eventProcessor.latency").tag("processorName", processor).gauge().value();
    }

    @Test
    void readsTheAgeOfTheLastEventTaken() {
        LatencyMeter meter = meterOf("audit-trail");
        Instant now = Instant.ofEpochMilli(clock.wallTime());
        meter.onMessageIngested(recordedAt(now.minusMillis(1_500)));
        assertThat(latency("audit-trail")).isEqualTo(1_500);

        clock.add(2, TimeUnit.SECONDS);
        meter.onMessageIngested(recordedAt(now.plusMillis(1_990)));
        assertThat(latency("audit-trail")).as("caught up: only the last event counts").isEqualTo(10);
    }

    @Test
    void oneGaugePerProcessorHoweverManyEvents() {
        LatencyMeter audit = meterOf("audit-trail");
        LatencyMeter status = meterOf("relationship-status");
        Instant now = Instant.ofEpochMilli(clock.wallTime());
        for (int i = 0; i < 1_000; i++) {
            audit.onMessageIngested(recordedAt(now.minusMillis(i)));
        }
        status.onMessageIngested(recordedAt(now.minusMillis(7)));

        assertThat(registry.find("eventProcessor.latency").gauges()).hasSize(2);
        assertThat(latency("audit-trail")).isEqualTo(999);
        assertThat(latency("relationship-status")).isEqualTo(7);
    }
}
