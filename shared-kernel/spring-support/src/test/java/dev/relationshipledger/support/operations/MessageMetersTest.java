package dev.relationshipledger.support.operations;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The same meters, with the same names, tags, counts and timings, as axon-micrometer's two monitors. */
class MessageMetersTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry axons = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final SimpleMeterRegistry ours = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    @Test
    void sameMetersAsAxonsTimerAndCountingMonitors() {
        MessageMonitor<Message<?>> axon = new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.buildMonitor("commandBus", axons, clock, TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION),
                MessageCountingMonitor.buildMonitor("commandBus", axons, TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION)));
        MessageMonitor<Message<?>> meters = new MessageMeters("commandBus", ours,
                payloadType -> Tags.of(TagsUtil.PAYLOAD_TYPE_TAG, payloadType.getSimpleName()), clock);

        for (MessageMonitor<Message<?>> monitor : List.of(axon, meters)) {
            handle(monitor, "a command", 5, Outcome.SUCCESS);
            handle(monitor, "another", 7, Outcome.SUCCESS);
            handle(monitor, 42, 11, Outcome.FAILURE);
            handle(monitor, 43L, 13, Outcome.IGNORED);
        }

        assertThat(ours.getMeters()).as("nine meters per payload type, and the timers' percentile gauges")
                .hasSameSizeAs(axons.getMeters()).hasSizeGreaterThan(27);
        assertThat(describe(ours)).isEqualTo(describe(axons));
        Timer all = ours.get("commandBus.allTimer").tag(TagsUtil.PAYLOAD_TYPE_TAG, "String").timer();
        assertThat(all.count()).isEqualTo(2);
        assertThat(all.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12);
        assertThat(all.takeSnapshot().percentileValues()).hasSize(6);
    }

    @Test
    void metersAreRegisteredOncePerPayloadType() {
        int[] tagged = {0};
        MessageMeters meters = new MessageMeters("eventProcessor", ours, payloadType -> {
            tagged[0]++;
            return Tags.of(TagsUtil.PAYLOAD_TYPE_TAG, payloadType.getSimpleName(), TagsUtil.PROCESSOR_NAME_TAG, "p");
        }, clock);
        for (int i = 0; i < 1_000; i++) {
            handle(meters, "event " + i, 1, Outcome.SUCCESS);
        }
        assertThat(tagged[0]).isEqualTo(1);
        assertThat(ours.get("eventProcessor.processedCounter").tag(TagsUtil.PROCESSOR_NAME_TAG, "p").counter().count())
                .isEqualTo(1_000);
    }

    private enum Outcome { SUCCESS, FAILURE, IGNORED }

    private void handle(MessageMonitor<Message<?>> monitor, Object payload, long millis, Outcome outcome) {
        MonitorCallback callback = monitor.onMessageIngested(GenericEventMessage.asEventMessage(payload));
        clock.add(millis, TimeUnit.MILLISECONDS);
        switch (outcome) {
            case SUCCESS -> callback.reportSuccess();
            case FAILURE -> callback.reportFailure(new IllegalStateException("refused"));
            case IGNORED -> callback.reportIgnored();
        }
    }

    /** Every meter by name and tags, with what it measured so far. */
    private static Map<String, String> describe(MeterRegistry registry) {
        Map<String, String> meters = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            StringBuilder measured = new StringBuilder(meter.getId().getType().name());
            meter.measure().forEach(m -> measured.append(' ').append(m.getStatistic()).append('=').append(m.getValue()));
            meters.put(meter.getId().getName() + meter.getId().getTags(), measured.toString());
        }
        return meters;
    }
}
