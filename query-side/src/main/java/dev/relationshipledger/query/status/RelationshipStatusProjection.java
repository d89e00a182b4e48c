package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code relationship_status}, the reputation timeline and the time-travel checkpoints current: every ledger
 * event is folded into its relationship's stored state with the one fold ({@link StatusFolding}). One batch per
 * unit of work: the states of its relationships are read in one query when it starts, and its rows are written when
 * it commits, with the processor's token, in one transaction.
 */
@Component
@ProcessingGroup(RelationshipStatusProjection.NAME)
public class RelationshipStatusProjection {

    public static final String NAME = "relationship-status";
    private static final String BATCH = RelationshipStatusProjection.class.getName() + ".batch";

    private final StatusFolding folding;

    public RelationshipStatusProjection(StatusFolding folding) {
        this.folding = folding;
    }

    @EventHandler
    void on(LedgerEvent event, EventMessage<?> message) {
        batch().apply(event, Positions.of(message), message.getTimestamp());
    }

    @ResetHandler
    void reset() {
        folding.batch("").deleteAll();
    }

    /** The relationships the processor's batch of events is about: their states are read in one query. */
    private static List<String> relationshipIds(List<? extends Message<?>> messages) {
        List<String> ids = new ArrayList<>(messages.size());
        for (Message<?> message : messages) {
            if (message.getPayload() instanceof LedgerEvent event) {
                ids.add(event.relationshipId().toString());
            }
        }
        return ids;
    }

    private StatusFolding.Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            StatusFolding.Batch batch = folding.batch("");
            if (unitOfWork instanceof BatchingUnitOfWork<?> events) {
                batch.prefetch(relationshipIds(events.getMessages()));
            }
            unitOfWork.onPrepareCommit(u -> batch.flush());
            return batch;
        });
    }
}
