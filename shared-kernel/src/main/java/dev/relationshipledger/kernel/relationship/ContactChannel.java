package dev.relationshipledger.kernel.relationship;

/** How a contact with the counterparty took place. */
public enum ContactChannel {
    CALL,
    MEETING,
    EMAIL,
    SITE_VISIT,
    EVENT,
    TRAINING,
    PLANNED_MAINTENANCE,
    OTHER
}
