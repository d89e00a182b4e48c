package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.Tier;

import java.time.Instant;

/**
 * The state of one relationship as its events tell it: what the status projection stores and what time travel
 * answers for a past instant. Immutable; the fold returns a new one per event.
 *
 * @param lastPosition global position of the last event folded in; a projection skips events at or below it, which
 *                     makes applying the same event twice change nothing
 */
public record RelationshipView(String relationshipId,
                               String counterpartyName,
                               CounterpartyKind kind,
                               String segment,
                               String owner,
                               Tier tier,
                               RelationshipStatus status,
                               Instant openedAt,
                               Instant lastContactAt,
                               int contactCount,
                               long lastPosition,
                               Instant lastRecordedAt) {

    RelationshipView withContact(Instant occurredAt) {
        Instant latest = lastContactAt == null || occurredAt.isAfter(lastContactAt) ? occurredAt : lastContactAt;
        return new RelationshipView(relationshipId, counterpartyName, kind, segment, owner, tier, status, openedAt,
                latest, contactCount + 1, lastPosition, lastRecordedAt);
    }

    RelationshipView at(EventFacts facts) {
        return new RelationshipView(relationshipId, counterpartyName, kind, segment, owner, tier, status, openedAt,
                lastContactAt, contactCount, facts.position(), facts.recordedAt());
    }
}
