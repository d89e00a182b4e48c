package dev.relationshipledger.command.relationship;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrowingSnapshotIntervalTest {

    /** The history length (sequence + 1) of the event after which each snapshot was scheduled. */
    final List<Long> snapshotsAt = new ArrayList<>();
    long lastSequence = -1;
    final Snapshotter snapshotter = new Snapshotter() {
        @Override
        public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
            snapshotsAt.add(lastSequence + 1);
        }
    };

    @Test
    void smallAggregatesAreSnapshottedEveryHundredEvents() {
        SnapshotTrigger trigger = new GrowingSnapshotInterval(snapshotter, 100, 25).prepareTrigger(Relationship.class);
        append(trigger, 0, 450);
        assertThat(snapshotsAt).containsExactly(100L, 200L, 300L, 400L);
    }

    @Test
    void largeAggregatesAreSnapshottedEveryQuarterOfTheirHistory() {
        SnapshotTrigger trigger = new GrowingSnapshotInterval(snapshotter, 100, 25).prepareTrigger(Relationship.class);
        append(trigger, 0, 10_000);
        assertThat(snapshotsAt).startsWith(100L, 200L, 300L, 400L);
        for (int i = 4; i < snapshotsAt.size(); i++) {
            long gap = snapshotsAt.get(i) - snapshotsAt.get(i - 1);
            assertThat(gap).as("gap before the snapshot at %d", snapshotsAt.get(i))
                    .isEqualTo(Math.max(100, snapshotsAt.get(i) / 4));
        }
        // a fixed interval of 100 would have taken 100
        assertThat(snapshotsAt).hasSizeBetween(15, 20);
        assertThat(10_000 - snapshotsAt.get(snapshotsAt.size() - 1)).isLessThanOrEqualTo(2_500);
    }

    @Test
    void aShareOfZeroKeepsTheIntervalFixed() {
        SnapshotTrigger trigger = new GrowingSnapshotInterval(snapshotter, 100, 0).prepareTrigger(Relationship.class);
        append(trigger, 0, 10_000);
        assertThat(snapshotsAt).hasSize(100);
    }

    @Test
    void anAggregateLoadedFromASnapshotCountsTheEventsReplayedAfterIt() {
        GrowingSnapshotInterval definition = new GrowingSnapshotInterval(snapshotter, 100, 25);
        SnapshotTrigger trigger = definition.prepareTrigger(Relationship.class);
        // loaded from a snapshot at 4,000 events: the next is due once the events since it (replayed or new) reach a
        // quarter of the history, at 5,333 events (1,333 after the snapshot)
        append(trigger, 4_000, 5_300);
        assertThat(snapshotsAt).isEmpty();
        append(trigger, 5_300, 5_400);
        assertThat(snapshotsAt).containsExactly(5_333L);
    }

    @Test
    void aCachedAggregateKeepsItsCount() {
        GrowingSnapshotInterval definition = new GrowingSnapshotInterval(snapshotter, 100, 25);
        SnapshotTrigger trigger = definition.prepareTrigger(Relationship.class);
        append(trigger, 0, 60);
        SnapshotTrigger reconfigured = definition.reconfigure(Relationship.class, trigger);
        assertThat(reconfigured).isSameAs(trigger);
        append(reconfigured, 60, 100);
        assertThat(snapshotsAt).containsExactly(100L);
    }

    @Test
    void refusesIntervalsThatMeanNothing() {
        assertThatThrownBy(() -> new GrowingSnapshotInterval(snapshotter, 0, 25))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrowingSnapshotInterval(snapshotter, 100, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void append(SnapshotTrigger trigger, long fromSequence, long toSequence) {
        for (long sequence = fromSequence; sequence < toSequence; sequence++) {
            lastSequence = sequence;
            trigger.eventHandled(new GenericDomainEventMessage<>("Relationship", "r-1", sequence, "payload"));
        }
    }
}
