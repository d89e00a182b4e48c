package dev.relationshipledger.query.negotiation;

/** Where a negotiation stands: OPEN until concluded, then its outcome. */
public enum NegotiationStatus {
    OPEN, AGREED, WALKED_AWAY, LOST
}
