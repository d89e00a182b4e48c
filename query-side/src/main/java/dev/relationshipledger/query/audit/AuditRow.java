package dev.relationshipledger.query.audit;

import java.time.Instant;

/**
 * One event as the audit trail stores it: where it stands in the ledger, which aggregate and relationship it
 * belongs to, who recorded it in which conversation and why, and both times. The event itself (its payload) is not
 * copied: it is read from the event store beside the row ({@link AuditTrailQueries}, decision 0017).
 * {@code correctsPosition} is filled in by the table when the row is written (the original is looked up there).
 */
public record AuditRow(long position, String eventId, String relationshipId, String aggregateType, String aggregateId,
                       long sequenceNumber, String eventType, String actor, String actorRoles, String correlationId,
                       String causationId, Instant recordedAt, Instant businessTime, String subject,
                       boolean correction, String correctionReason, Long correctsPosition) {
}
