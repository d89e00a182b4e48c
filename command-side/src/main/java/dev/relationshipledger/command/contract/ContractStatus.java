package dev.relationshipledger.command.contract;

/**
 * Where a contract is in its life. ACTIVE and SUSPENDED are "in force" (a suspended contract is on hold, not
 * ended); TERMINATED and EXPIRED are final. The status says nothing about whether {@code startsOn} has come yet.
 */
public enum ContractStatus {
    ACTIVE,
    SUSPENDED,
    TERMINATED,
    EXPIRED;

    public boolean inForce() {
        return this == ACTIVE || this == SUSPENDED;
    }
}
