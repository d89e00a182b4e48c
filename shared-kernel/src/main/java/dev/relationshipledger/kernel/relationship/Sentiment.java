package dev.relationshipledger.kernel.relationship;

/** The relationship manager's reading of how a contact went, from the counterparty's side. */
public enum Sentiment {
    VERY_NEGATIVE,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    VERY_POSITIVE
}
