package dev.relationshipledger.deploy.seed;

import dev.relationshipledger.kernel.message.LedgerEvent;

import java.time.Instant;

/**
 * One event as the command side would have appended it: the aggregate (type as Axon names it: the aggregate class's
 * simple name), its place in that aggregate, when it was recorded and who recorded it.
 */
public record GeneratedEvent(String aggregateType, String aggregateId, long sequence, Instant recordedAt,
                             LedgerEvent payload, String actor, String actorRoles, String causationId,
                             String correlationId) {
}
