package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.validation.Check;

/** Put the contract on hold; it stays in force and can be reinstated or terminated. */
public record SuspendContract(ContractId contractId, String reason) implements ContractCommand {

    public SuspendContract {
        reason = Check.trimmed(reason);
        Check.that().notNull("contractId", contractId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
