package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.message.LedgerEvent;

/** The facts recorded about a contract. */
public sealed interface ContractEvent extends LedgerEvent
        permits ContractSigned, ContractAmended, ContractRenewed, ContractSuspended, ContractReinstated,
        ContractTerminated, ContractExpired {

    ContractId contractId();
}
