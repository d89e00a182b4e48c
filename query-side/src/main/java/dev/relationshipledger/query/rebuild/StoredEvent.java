package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.kernel.message.LedgerEvent;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * One event as a rebuild reads it from the event store, deserialized once for every projection it rebuilds: the
 * payload, and the message the live processors would have delivered (metadata stamped with the position as the
 * query side's storage engine stamps it; empty metadata when no projection rebuilt needs it).
 */
public record StoredEvent(long position, LedgerEvent event, DomainEventMessage<LedgerEvent> message) {
}
