package dev.relationshipledger.query.fold;

import java.time.Instant;

/** What the fold needs to know about an event beyond its payload: where it stands in the ledger and when it was recorded. */
public record EventFacts(long position, Instant recordedAt) {
}
