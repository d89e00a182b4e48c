package dev.relationshipledger.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.message.BusinessTimed;
import dev.relationshipledger.kernel.message.Correction;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

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
    private static final ObjectMapper JSON = LedgerJson.newMapper();

    private final AuditTrailTable table;

    public AuditTrailProjection(AuditTrailTable table) {
        this.table = table;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) {
        long position = Positions.of(message);
        batch().putIfAbsent(position, rowOf(event, message, position));
    }

    @ResetHandler
    void reset() {
        table.deleteAll();
    }

    static AuditRow rowOf(LedgerEvent event, DomainEventMessage<?> message, long position) {
        MetaData metaData = message.getMetaData();
        return new AuditRow(position, message.getIdentifier(), event.relationshipId().toString(), message.getType(),
                message.getAggregateIdentifier(), message.getSequenceNumber(), event.getClass().getSimpleName(),
                text(metaData, Actor.NAME_KEY), text(metaData, Actor.ROLES_KEY), text(metaData, "correlationId"),
                text(metaData, "causationId"), message.getTimestamp(),
                event instanceof BusinessTimed timed ? timed.businessTime() : null,
                event instanceof Subject subject ? subject.subject() : null,
                event instanceof Correction, event instanceof Correction correction ? correction.reason() : null,
                null, json(event));
    }

    private static String text(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }

    private static String json(LedgerEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
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
