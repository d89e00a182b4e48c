package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.query.fold.EventFacts;
import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.reputation.ReputationPoint;
import dev.relationshipledger.query.reputation.ReputationTimeline;
import dev.relationshipledger.query.store.Positions;
import dev.relationshipledger.query.timetravel.StateCheckpoints;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps {@code relationship_status} and the reputation timeline current: every ledger event is folded into its
 * relationship's stored state with the one fold. Within a batch, states are read once, folded in memory and
 * written together when the batch commits, with the processor's token, in one transaction.
 */
@Component
@ProcessingGroup(RelationshipStatusProjection.NAME)
public class RelationshipStatusProjection {

    public static final String NAME = "relationship-status";
    private static final String BATCH = RelationshipStatusProjection.class.getName() + ".batch";

    private final RelationshipStatusTable statuses;
    private final ReputationTimeline timeline;
    private final RelationshipFold fold;
    private final StateCheckpoints checkpoints;
    private final int checkpointEvery;

    public RelationshipStatusProjection(RelationshipStatusTable statuses, ReputationTimeline timeline,
                                        RelationshipFold fold, StateCheckpoints checkpoints,
                                        @Value("${ledger.time-travel.checkpoint-every:500}") int checkpointEvery) {
        this.statuses = statuses;
        this.timeline = timeline;
        this.fold = fold;
        this.checkpoints = checkpoints;
        this.checkpointEvery = checkpointEvery;
    }

    @EventHandler
    void on(LedgerEvent event, EventMessage<?> message, TrackingToken token) {
        long position = Positions.of(message);
        Batch batch = batch();
        String id = event.relationshipId().toString();
        RelationshipStatusTable.Stored before = batch.row(id);
        if (before != null && before.alreadyApplied(position)) {
            return; // a re-delivery: applying it again would count it twice
        }
        RelationshipState state = before == null ? null : before.state();
        RelationshipFold.Step step = fold.apply(state, event, EventFacts.of(event, position, message.getTimestamp()));
        long last = step.after().lastPosition();
        Set<Long> openGaps = Positions.gaps(token).stream().filter(gap -> gap < last).collect(Collectors.toSet());
        batch.rows.put(id, new RelationshipStatusTable.Stored(step.after(), openGaps));
        if (step.after().eventCount() % checkpointEvery == 0 && openGaps.isEmpty()) {
            batch.checkpoints.add(step.after());
        }
        step.reputationChange().ifPresent(change -> batch.points.add(new ReputationPoint(id, position,
                event.getClass().getSimpleName(), change.model(), change.before(), change.after(), change.points(),
                change.rule(), change.at())));
    }

    @ResetHandler
    void reset() {
        statuses.deleteAll();
        timeline.deleteAll();
        checkpoints.deleteAll();
    }

    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> {
                statuses.saveAll(batch.rows.values());
                timeline.addAll(batch.points);
                checkpoints.saveAll(batch.checkpoints);
            });
            return batch;
        });
    }

    /** The states and points of one batch of events, written when the batch commits. */
    private final class Batch {
        final Map<String, RelationshipStatusTable.Stored> rows = new LinkedHashMap<>();
        final List<ReputationPoint> points = new ArrayList<>();
        final List<RelationshipState> checkpoints = new ArrayList<>();

        RelationshipStatusTable.Stored row(String id) {
            if (!rows.containsKey(id)) {
                statuses.findStored(id).ifPresent(found -> rows.put(id, found));
            }
            return rows.get(id);
        }
    }
}
