package dev.relationshipledger.kernel.complaint;

/** How serious a complaint is, as judged when it is filed (and corrected if that judgement was wrong). */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
