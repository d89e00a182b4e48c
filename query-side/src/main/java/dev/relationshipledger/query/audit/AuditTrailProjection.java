package dev.relationshipledger.query.audit;

import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.message.BusinessTimed;
import dev.relationshipledger.kernel.message.Correction;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one {@code audit_entry} row per ledger event, whatever its aggregate. The rows of a batch are inserted
 * together when the batch commits, with the processor's token, in one transaction; the position is the primary
 * key and a row already there is left alone, so re-applying an event changes nothing.
 *
 * <p>Events of one relationship are handled in order by one segment (perRelationshipSequencing), so when a
 * correction is written its original is already in the table or earlier in the same batch, and the table finds it.
 */
@Component
@ProcessingGroup(AuditTrailProjection.NAME)
public class AuditTrailProjection {

    public static final String NAME = "audit-trail";
    private static final String BATCH = AuditTrailProjection.class.getName() + ".batch";

    private final AuditTrailTable table;

    public AuditTrailProjection(AuditTrailTable table) {
        this.table = table;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) {
        long position = Positions.of(message);
        batch().putIfAbsent(position, rowOf(event, position, message.getIdentifier(), message.getType(),
                message.getAggregateIdentifier(), message.getSequenceNumber(), message.getTimestamp(),
                message.getMetaData()));
    }

    @ResetHandler
    void reset() {
        table.deleteAll();
    }

    /** The one definition of an event's audit row, for the live projection and for a rebuild. */
    static AuditRow rowOf(LedgerEvent event, long position, String eventId, String aggregateType, String aggregateId,
                          long sequenceNumber, Instant recordedAt, Map<String, ?> metaData) {
        return new AuditRow(position, eventId, event.relationshipId().toString(), aggregateType, aggregateId,
                sequenceNumber, event.getClass().getSimpleName(), text(metaData, Actor.NAME_KEY),
                text(metaData, Actor.ROLES_KEY), text(metaData, "correlationId"), text(metaData, "causationId"),
                recordedAt, event instanceof BusinessTimed timed ? timed.businessTime() : null,
                event instanceof Subject subject ? subject.subject() : null,
                event instanceof Correction, event instanceof Correction correction ? correction.reason() : null,
                null);
    }

    private static String text(Map<String, ?> metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }

    /** The rows of the current batch by position, inserted in position order when the batch commits. */
    private Map<Long, AuditRow> batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Map<Long, AuditRow> rows = new LinkedHashMap<>();
            unitOfWork.onPrepareCommit(u -> table.insertAll(rows.values()));
            return rows;
        });
    }
}
