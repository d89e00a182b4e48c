package dev.relationshipledger.query.timetravel;

/**
 * The two time axes of the ledger. RECORDED: what had been recorded by an instant. BUSINESS: what had happened by
 * an instant, as known now — an event counts when its business time (or, lacking one, its recorded time) is at or
 * before the instant, so a contact back-dated to last week counts for last week even though it was recorded today.
 * On both axes the counted events are folded in ledger order.
 */
public enum Axis {
    RECORDED,
    BUSINESS
}
