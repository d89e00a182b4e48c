package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.message.BusinessTimed;
import dev.relationshipledger.kernel.message.LedgerEvent;

import java.time.Instant;

/**
 * What the fold needs to know about an event beyond its payload: where it stands in the ledger, when it was
 * recorded and, for facts with a business time of their own, when it happened.
 */
public record EventFacts(long position, Instant recordedAt, Instant businessTime) {

    public static EventFacts of(LedgerEvent event, long position, Instant recordedAt) {
        Instant business = event instanceof BusinessTimed timed ? timed.businessTime() : null;
        return new EventFacts(position, recordedAt, business);
    }

    /** When the fact happened: its business time if it has one, else when it was recorded. */
    public Instant effectiveTime() {
        return businessTime != null ? businessTime : recordedAt;
    }
}
