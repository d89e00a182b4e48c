package dev.relationshipledger.query.fold;

/** Where a relationship stands, derived from its events by the rules in docs/read-models.md. */
public enum RelationshipStatus {
    ACTIVE,
    AT_RISK,
    DORMANT,
    CLOSED
}
