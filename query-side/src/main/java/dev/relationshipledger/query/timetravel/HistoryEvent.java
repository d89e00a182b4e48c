package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.kernel.message.LedgerEvent;

import java.time.Instant;

/** One event of a relationship's history with who recorded it, when, in which conversation and why. */
public record HistoryEvent(long position, String eventType, LedgerEvent event, Instant recordedAt, Instant businessTime,
                           String actor, String actorRoles, String correlationId, String causationId,
                           String correctionReason) {

    public Instant effectiveTime() {
        return businessTime != null ? businessTime : recordedAt;
    }
}
