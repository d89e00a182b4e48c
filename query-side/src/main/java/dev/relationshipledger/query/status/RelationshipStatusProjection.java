package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code relationship_status}, the reputation timeline and the time-travel checkpoints current: every ledger
 * event is folded into its relationship's stored state with the one fold ({@link StatusFolding}). One batch per
 * unit of work: its rows are written when it commits, with the processor's token, in one transaction.
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

    private StatusFolding.Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            StatusFolding.Batch batch = folding.batch("");
            unitOfWork.onPrepareCommit(u -> batch.flush());
            return batch;
        });
    }
}
