package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.Check;

/** Replace the contract's terms; the terms in force until now stay in the ledger, in the event. */
public record AmendContract(ContractId contractId, Terms terms, String reason) implements ContractCommand {

    public AmendContract {
        reason = Check.trimmed(reason);
        Check.that()
                .notNull("contractId", contractId)
                .notNull("terms", terms)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
