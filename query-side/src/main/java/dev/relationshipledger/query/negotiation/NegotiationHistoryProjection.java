package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.negotiation.NegotiationEvent;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Keeps the negotiation history: header, rounds (terms as made and as corrected, mandate check, approval, time
 * since the previous round, concession), corrections and approvals, folded by {@link NegotiationFolding}. One batch
 * per unit of work, written when it commits, with the processor's token, in one transaction.
 */
@Component
@ProcessingGroup(NegotiationHistoryProjection.NAME)
public class NegotiationHistoryProjection {

    public static final String NAME = "negotiation-history";
    private static final String BATCH = NegotiationHistoryProjection.class.getName() + ".batch";

    private final NegotiationHistoryTables tables;

    @Autowired
    NegotiationHistoryProjection(JdbcTemplate jdbc) {
        this(new NegotiationHistoryTables(jdbc, ""));
    }

    NegotiationHistoryProjection(NegotiationHistoryTables tables) {
        this.tables = tables;
    }

    @EventHandler
    void on(NegotiationEvent event, EventMessage<?> message) {
        batch().apply(event, Positions.of(message), message.getTimestamp(), actor(message.getMetaData()));
    }

    @ResetHandler
    void reset() {
        tables.deleteAll();
    }

    /** Who acted, from an event's metadata: the live message's, or as a rebuild reads it. */
    static String actor(Map<String, ?> metaData) {
        Object actor = metaData.get(Actor.NAME_KEY);
        return actor == null ? null : actor.toString();
    }

    private NegotiationFolding batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            NegotiationFolding batch = new NegotiationFolding(tables, false);
            unitOfWork.onPrepareCommit(u -> batch.save());
            return batch;
        });
    }
}
