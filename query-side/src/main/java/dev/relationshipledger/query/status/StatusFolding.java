package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonErased;
import dev.relationshipledger.query.fold.EventFacts;
import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.reputation.ReputationPoint;
import dev.relationshipledger.query.reputation.ReputationTimeline;
import dev.relationshipledger.query.timetravel.StateCheckpoints;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds events into the status projection's tables — the relationship states, their delegates, the reputation
 * timeline and the time-travel checkpoints — in batches: states are read once per batch, folded in memory with the
 * one fold, and written together. Used by the live projection (one batch per unit of work, the live tables) and by a
 * rebuild (the shadow tables), so both write exactly the same rows.
 */
@Component
public class StatusFolding {

    private final JdbcTemplate jdbc;
    private final RelationshipFold fold;
    private final int checkpointEvery;

    public StatusFolding(JdbcTemplate jdbc, RelationshipFold fold,
                         @Value("${ledger.time-travel.checkpoint-every:500}") int checkpointEvery) {
        this.jdbc = jdbc;
        this.fold = fold;
        this.checkpointEvery = checkpointEvery;
    }

    /** A batch over the live tables ({@code ""}) or the rebuild's shadow tables ({@code "_next"}). */
    public Batch batch(String tableSuffix) {
        return new Batch(tableSuffix, jdbc);
    }

    /** The same, writing through the given JdbcTemplate (e.g. bound to one connection and its transaction). */
    public Batch batch(String tableSuffix, JdbcTemplate through) {
        return new Batch(tableSuffix, through);
    }

    private record Erasure(String relationshipId, String personId) {
    }

    public final class Batch {
        final RelationshipStatusTable statuses;
        final RelationshipDelegates delegates;
        final ReputationTimeline timeline;
        final StateCheckpoints checkpoints;
        private final Map<String, RelationshipState> states = new LinkedHashMap<>();
        /** Relationships looked up without a stored state (not opened yet, or opened in this batch). */
        private final Set<String> unstored = new HashSet<>();
        private final Set<String> changed = new HashSet<>();
        /** Relationships whose delegates changed since the last flush: only their delegate rows are written. */
        private final Set<String> delegationsChanged = new HashSet<>();
        private final List<ReputationPoint> points = new ArrayList<>();
        private final List<RelationshipState> checkpointStates = new ArrayList<>();
        /** Persons erased in this batch, forgotten by the checkpoints at the flush. */
        private final List<Erasure> erasures = new ArrayList<>();
        /** Whether the points are streamed in by one COPY ({@link #copyPoints()}), opened with the first points. */
        private boolean copyingPoints;
        private ReputationTimeline.Copy pointCopy;

        private Batch(String suffix, JdbcTemplate through) {
            statuses = new RelationshipStatusTable(through, suffix);
            delegates = new RelationshipDelegates(through, suffix);
            timeline = new ReputationTimeline(through, suffix);
            checkpoints = new StateCheckpoints(through, suffix);
        }

        /** Folds one event in; an event at or below the relationship's last folded position was applied already. */
        public void apply(LedgerEvent event, long position, Instant recordedAt) {
            String id = event.relationshipId().toString();
            if (!states.containsKey(id) && !unstored.contains(id)) {
                statuses.find(id).ifPresentOrElse(found -> states.put(id, found), () -> unstored.add(id));
            }
            RelationshipState before = states.get(id);
            if (before != null && position <= before.lastPosition()) {
                // A re-delivery. Events are read in position order and only below the read horizon (decision
                // 0007), so an older position than the last one folded cannot be new.
                return;
            }
            RelationshipFold.Step step = fold.apply(before, event, EventFacts.of(event, position, recordedAt));
            states.put(id, step.after());
            changed.add(id);
            if (!step.after().delegates().equals(before == null ? Set.of() : before.delegates())) {
                delegationsChanged.add(id);
            }
            step.reputationChange().ifPresent(change -> points.add(new ReputationPoint(id, position,
                    event.getClass().getSimpleName(), change.model(), change.before(), change.after(), change.points(),
                    change.rule(), change.at())));
            if (step.after().eventCount() % checkpointEvery == 0) {
                checkpointStates.add(step.after());
            }
            if (event instanceof CounterpartyPersonErased erased) {
                erasures.add(new Erasure(id, erased.personId().toString()));
            }
        }

        /**
         * Reads, in one query, the stored states of the given relationships that the batch does not know yet, so
         * that folding events for them reads nothing more: one query per batch of events instead of one per
         * relationship in it.
         */
        public void prefetch(Collection<String> relationshipIds) {
            Set<String> unknown = new HashSet<>();
            for (String id : relationshipIds) {
                if (!states.containsKey(id) && !unstored.contains(id)) {
                    unknown.add(id);
                }
            }
            Map<String, RelationshipState> found = statuses.findAll(unknown);
            states.putAll(found);
            unknown.removeAll(found.keySet());
            unstored.addAll(unknown);
        }

        /** Writes what changed since the last flush; the folded states stay known to the batch. */
        public void flush() {
            statuses.saveAll(changed.stream().map(states::get).toList());
            delegates.copyFromStatus(delegationsChanged);
            changed.clear();
            delegationsChanged.clear();
            flushHistory();
        }

        /**
         * Writes the reputation points and checkpoints folded since the last flush, but not the states: for a
         * rebuild, which keeps every state it folded in memory anyway, and writes each relationship's state once at
         * the end instead of once per flush it was touched in.
         */
        public void flushHistory() {
            if (copyingPoints) {
                if (pointCopy == null && !points.isEmpty()) {
                    pointCopy = timeline.copy();
                }
                if (pointCopy != null) {
                    pointCopy.write(points);
                }
            } else {
                timeline.addAll(points);
            }
            checkpoints.saveAll(checkpointStates);
            // after the save: a checkpoint folded in this batch before the erasure holds the name too
            erasures.forEach(erased -> checkpoints.forgetPerson(erased.relationshipId(), erased.personId()));
            points.clear();
            checkpointStates.clear();
            erasures.clear();
        }

        /**
         * From now on streams the reputation points into their table with one {@code COPY}, for a rebuild's bulk
         * pass into empty shadow tables, which writes each point once; {@link #endPointCopy()} ends it.
         */
        public void copyPoints() {
            copyingPoints = true;
        }

        /** Ends the copy of the points: all are in their table. */
        public void endPointCopy() {
            if (pointCopy != null) {
                pointCopy.end();
                pointCopy = null;
            }
        }

        /** Gives the copy of the points up (the rebuild failed). */
        public void abandonPointCopy() {
            if (pointCopy != null) {
                pointCopy.abandon();
                pointCopy = null;
            }
        }

        /** How many folded states the batch holds in memory. */
        public int heldStates() {
            return states.size();
        }

        /** Writes everything, then forgets the folded states: each is read again when its relationship comes next. */
        public void flushAndForget() {
            flush();
            states.clear();
            unstored.clear();
        }

        public void deleteAll() {
            statuses.deleteAll();
            delegates.deleteAll();
            timeline.deleteAll();
            checkpoints.deleteAll();
        }
    }
}
