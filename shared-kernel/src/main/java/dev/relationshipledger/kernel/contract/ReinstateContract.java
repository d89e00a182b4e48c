package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.validation.Check;

/** Put a suspended contract back into effect. */
public record ReinstateContract(ContractId contractId, String reason) implements ContractCommand {

    public ReinstateContract {
        reason = Check.trimmed(reason);
        Check.that().notNull("contractId", contractId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
