package dev.relationshipledger.kernel.relationship;

/** What the other side of a relationship is. */
public enum CounterpartyKind {
    CUSTOMER,
    SUPPLIER,
    PARTNER,
    INTERNAL_UNIT,
    COMMUNITY
}
