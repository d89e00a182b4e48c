package dev.relationshipledger.query.operations;

import dev.relationshipledger.query.store.ProjectionProgress;
import dev.relationshipledger.query.store.ProjectionProgress.SegmentToken;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.springboot.EventProcessorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Lag and rebuild progress as computed from stored tokens and the head of the event store. */
class ProjectionStatusTest {

    private static final String PROCESSOR = "relationship-status";

    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);

    @Test
    void aReplayReportsTheFractionOfTheResetPositionTheSlowestSegmentHasReached() {
        ProjectionStatus status = status(100, List.of(
                new SegmentToken(0, replay(100, 25)),
                new SegmentToken(1, replay(100, 50))));
        oldestUnhandledRecordedSecondsAgo(30);
        status.refresh();

        ProjectionStatus.Processor processor = status.processor(PROCESSOR);
        assertThat(processor.replaying()).isTrue();
        assertThat(processor.rebuildProgress()).isEqualTo(0.25);
        assertThat(processor.position()).isEqualTo(25);
        assertThat(processor.lagEvents()).isEqualTo(75);
        assertThat(processor.lagSeconds()).isCloseTo(30, within(2.0));
        assertThat(processor.segments()).isEqualTo(2);
    }

    @Test
    void aCaughtUpProcessorHasNoLagAndFullProgress() {
        ProjectionStatus status = status(40, List.of(
                new SegmentToken(0, GapAwareTrackingToken.newInstance(40, Set.of())),
                new SegmentToken(1, GapAwareTrackingToken.newInstance(40, Set.of(38L)))));
        status.refresh();

        ProjectionStatus.Processor processor = status.processor(PROCESSOR);
        assertThat(processor.replaying()).isFalse();
        assertThat(processor.rebuildProgress()).isEqualTo(1.0);
        assertThat(processor.lagEvents()).isZero();
        assertThat(processor.lagSeconds()).isZero();
    }

    @Test
    void aProcessorWithoutTokensIsUnknownNotCaughtUp() {
        ProjectionStatus status = status(40, List.of());
        status.refresh();
        ProjectionStatus.Processor processor = status.processor(PROCESSOR);
        assertThat(processor.lagEvents()).isNaN();
        assertThat(processor.lagSeconds()).isNaN();
        assertThat(status.snapshot().head()).isEqualTo(40);
        assertThat(status.processors()).containsExactly(PROCESSOR);
    }

    @Test
    void aDatabaseThatCannotBeReadMakesEveryValueUnknownInsteadOfTheLastOne() {
        ProjectionStatus status = status(40, List.of(new SegmentToken(0, GapAwareTrackingToken.newInstance(40, Set.of()))));
        status.refresh();
        assertThat(status.processor(PROCESSOR).lagEvents()).isZero();

        when(jdbc.queryForObject(anyString(), eq(Long.class)))
                .thenThrow(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));
        status.refresh();

        assertThat(status.snapshot().head()).isNaN();
        assertThat(status.processor(PROCESSOR).lagEvents()).isNaN();
        assertThat(status.processor(PROCESSOR).position()).isNaN();
    }

    private ProjectionStatus status(long head, List<SegmentToken> tokens) {
        when(jdbc.queryForObject(anyString(), eq(Long.class))).thenReturn(head);
        ProjectionProgress progress = new ProjectionProgress(jdbc, null) {
            @Override
            public List<SegmentToken> tokens(String processor) {
                return tokens;
            }
        };
        EventProcessorProperties properties = new EventProcessorProperties();
        EventProcessorProperties.ProcessorSettings pooled = new EventProcessorProperties.ProcessorSettings();
        pooled.setMode(EventProcessorProperties.Mode.POOLED);
        EventProcessorProperties.ProcessorSettings subscribing = new EventProcessorProperties.ProcessorSettings();
        subscribing.setMode(EventProcessorProperties.Mode.SUBSCRIBING);
        properties.getProcessors().put(PROCESSOR, pooled);
        properties.getProcessors().put("some-directory", subscribing);
        return new ProjectionStatus(progress, jdbc, properties);
    }

    private void oldestUnhandledRecordedSecondsAgo(long seconds) {
        when(jdbc.queryForList(anyString(), eq(String.class), any(Object[].class)))
                .thenReturn(List.of(Instant.now().minusSeconds(seconds).toString()));
    }

    private static TrackingToken replay(long resetAt, long reached) {
        TrackingToken replay = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(resetAt, Set.of()));
        return ((ReplayToken) replay).advancedTo(GapAwareTrackingToken.newInstance(reached, Set.of()));
    }
}
