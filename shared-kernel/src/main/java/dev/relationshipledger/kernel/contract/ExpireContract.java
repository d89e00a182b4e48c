package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.validation.Check;

/** Record that the contract ran out: its end date has passed. Sent by the command side's scheduled expiry check. */
public record ExpireContract(ContractId contractId) implements ContractCommand {

    public ExpireContract {
        Check.that().notNull("contractId", contractId).done();
    }
}
