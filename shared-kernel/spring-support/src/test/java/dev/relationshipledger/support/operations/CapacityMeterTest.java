package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The capacity gauge: busy time of the messages that ended within the window, over the window. */
class CapacityMeterTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(
            io.micrometer.core.instrument.simple.SimpleConfig.DEFAULT, clock);
    private final CapacityMeter meter = new CapacityMeter("axon.commandBus", registry, Duration.ofMinutes(1),
            payloadType -> Tags.of("payloadType", payloadType.getSimpleName()), clock);

    private static Message<?> message(Object payload) {
        return GenericEventMessage.asEventMessage(payload);
    }

    private double capacity(String payloadType) {
        return registry.get("axon.commandBus.capacity").tag("payloadType", payloadType).gauge().value();
    }

    @Test
    void oneHandlerBusyHalfTheWindowReadsOneHalf() {
        for (int i = 0; i < 30; i++) {
            MonitorCallback callback = meter.onMessageIngested(message("a command"));
            clock.add(1, TimeUnit.SECONDS);
            callback.reportSuccess();
            clock.add(1, TimeUnit.SECONDS);
        }

        assertThat(capacity("String")).isCloseTo(0.5, within(0.02));
    }

    @Test
    void handlersWorkingInParallelReadMoreThanOne() {
        MonitorCallback first = meter.onMessageIngested(message("one"));
        MonitorCallback second = meter.onMessageIngested(message("two"));
        clock.add(59, TimeUnit.SECONDS);
        first.reportSuccess();
        second.reportFailure(new IllegalStateException("failed handlers were busy too"));

        assertThat(capacity("String")).isCloseTo(59.0 * 2 / 60, within(0.02));
    }

    @Test
    void workThatEndedBeforeTheWindowNoLongerCounts() {
        MonitorCallback callback = meter.onMessageIngested(message("old work"));
        clock.add(30, TimeUnit.SECONDS);
        callback.reportIgnored();
        assertThat(capacity("String")).isCloseTo(0.5, within(0.02));

        clock.add(61, TimeUnit.SECONDS);

        assertThat(capacity("String")).isZero();
    }

    @Test
    void bucketsAreReusedAsTimeMovesOn() {
        for (int minute = 0; minute < 5; minute++) {
            for (int second = 0; second < 60; second++) {
                MonitorCallback callback = meter.onMessageIngested(message("steady"));
                clock.add(250, TimeUnit.MILLISECONDS);
                callback.reportSuccess();
                clock.add(750, TimeUnit.MILLISECONDS);
            }
        }

        assertThat(capacity("String")).as("a quarter of every second, minute after minute").isCloseTo(0.25, within(0.02));
    }

    @Test
    void eachTagSetHasItsOwnGauge() {
        MonitorCallback text = meter.onMessageIngested(message("text"));
        MonitorCallback number = meter.onMessageIngested(message(42));
        clock.add(6, TimeUnit.SECONDS);
        text.reportSuccess();
        clock.add(6, TimeUnit.SECONDS);
        number.reportSuccess();

        assertThat(capacity("String")).isCloseTo(0.1, within(0.01));
        assertThat(capacity("Integer")).isCloseTo(0.2, within(0.01));
        assertThat(registry.find("axon.commandBus.capacity").gauges()).hasSize(2);
    }
}
