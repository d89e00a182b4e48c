package dev.relationshipledger.kernel.relationship;

/** How much attention a relationship gets, from the most to the least. */
public enum Tier {
    STRATEGIC,
    KEY,
    STANDARD,
    OCCASIONAL
}
