package dev.relationshipledger.kernel.negotiation;

/** Who made a proposal: the firm (OURS, bound by the mandate) or the counterparty (THEIRS). */
public enum Side {
    OURS,
    THEIRS
}
