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
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    void on(LedgerEvent event, EventMessage<?> message) {
        long position = Positions.of(message);
        Batch batch = batch();
        String id = event.relationshipId().toString();
        RelationshipState before = batch.state(id);
        if (before != null && position <= before.lastPosition()) {
            // Applied already (a re-delivery). A relationship's events commit in position order (the command
            // side's RelationshipAppendOrder), so an older position than the last one folded cannot be new.
            return;
        }
        RelationshipFold.Step step = fold.apply(before, event, EventFacts.of(event, position, message.getTimestamp()));
        batch.states.put(id, step.after());
        if (step.after().eventCount() % checkpointEvery == 0) {
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
                statuses.saveAll(batch.states.values());
                timeline.addAll(batch.points);
                checkpoints.saveAll(batch.checkpoints);
            });
            return batch;
        });
    }

    /** The states and points of one batch of events, written when the batch commits. */
    private final class Batch {
        final Map<String, RelationshipState> states = new LinkedHashMap<>();
        final List<ReputationPoint> points = new ArrayList<>();
        final List<RelationshipState> checkpoints = new ArrayList<>();

        RelationshipState state(String id) {
            if (!states.containsKey(id)) {
                statuses.find(id).ifPresent(found -> states.put(id, found));
            }
            return states.get(id);
        }
    }
}
