package dev.relationshipledger.kernel.actor;

/** The personas the ledger knows; both sides authorize by them and every event records the actor's roles. */
public enum Role {
    RELATIONSHIP_MANAGER,
    MANAGER,
    COMPLIANCE_OFFICER,
    BI_ANALYST,
    ADMIN
}
