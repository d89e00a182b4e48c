package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.message.LedgerCommand;

/** The commands a contract accepts. */
public sealed interface ContractCommand extends LedgerCommand
        permits SignContract, AmendContract, RenewContract, SuspendContract, ReinstateContract, TerminateContract,
        ExpireContract {

    ContractId contractId();

    @Override
    default String targetAggregateId() {
        return contractId().toString();
    }
}
