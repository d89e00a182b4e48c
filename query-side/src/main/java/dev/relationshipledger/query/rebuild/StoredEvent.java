package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.time.Instant;

/**
 * One event as a rebuild reads it from the event store, its payload deserialized once for every projection it
 * rebuilds. The message the live processors would have delivered (metadata stamped with the position, as the query
 * side's storage engine stamps it) is built on first use, by the projection's own thread: only some projections
 * need who acted, and the scan that feeds them all should not pay for it.
 */
public final class StoredEvent {

    private final long position;
    private final LedgerEvent event;
    private final Instant recordedAt;
    private final String eventId;
    private final String aggregateType;
    private final String aggregateId;
    private final long sequenceNumber;
    private final byte[] metaData;
    private final Serializer serializer;
    private volatile DomainEventMessage<LedgerEvent> message;

    StoredEvent(long position, LedgerEvent event, Instant recordedAt, String eventId, String aggregateType,
                String aggregateId, long sequenceNumber, byte[] metaData, Serializer serializer) {
        this.position = position;
        this.event = event;
        this.recordedAt = recordedAt;
        this.eventId = eventId;
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
        this.sequenceNumber = sequenceNumber;
        this.metaData = metaData;
        this.serializer = serializer;
    }

    public long position() {
        return position;
    }

    public LedgerEvent event() {
        return event;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    /** The event as the live processors deliver it; two threads asking at once build equal messages. */
    public DomainEventMessage<LedgerEvent> message() {
        DomainEventMessage<LedgerEvent> built = message;
        if (built == null) {
            MetaData stored = serializer.deserialize(new SimpleSerializedObject<>(metaData, byte[].class,
                    MetaData.class.getName(), null));
            built = new GenericDomainEventMessage<>(aggregateType, aggregateId, sequenceNumber, event,
                    stored.and(Positions.KEY, position), eventId, recordedAt);
            message = built;
        }
        return built;
    }
}
