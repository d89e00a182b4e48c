package dev.relationshipledger.kernel.complaint;

/**
 * Where a complaint stands. The transitions (each one an event):
 *
 * <pre>
 * (none) --ComplaintFiled--------> FILED
 * FILED --ComplaintAcknowledged--> ACKNOWLEDGED
 * ACKNOWLEDGED, ESCALATED, REOPENED --ComplaintEscalated--> ESCALATED   (again and again, to someone new each time)
 * ACKNOWLEDGED, ESCALATED, REOPENED --ComplaintResolved----> RESOLVED
 * RESOLVED --ComplaintReopened---> REOPENED   (open again; it was acknowledged before, so no second acknowledgement)
 * FILED, ACKNOWLEDGED, ESCALATED, REOPENED --ComplaintWithdrawn--> WITHDRAWN   (terminal)
 * </pre>
 *
 * A complaint is <em>open</em> in every status but RESOLVED and WITHDRAWN. Details may be corrected
 * (ComplaintDetailsCorrected) in every status but WITHDRAWN; a correction does not change the status.
 */
public enum ComplaintStatus {
    FILED,
    ACKNOWLEDGED,
    ESCALATED,
    RESOLVED,
    REOPENED,
    WITHDRAWN;

    /** Still waiting for a resolution. */
    public boolean isOpen() {
        return this != RESOLVED && this != WITHDRAWN;
    }
}
