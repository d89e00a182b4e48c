package dev.relationshipledger.kernel.complaint;

/** How satisfied the counterparty said it was with a complaint's resolution. */
public enum Satisfaction {
    VERY_DISSATISFIED,
    DISSATISFIED,
    NEUTRAL,
    SATISFIED,
    VERY_SATISFIED
}
