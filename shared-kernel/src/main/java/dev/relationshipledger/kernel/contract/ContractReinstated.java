package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** A suspended contract is in effect again. */
public record ContractReinstated(ContractId contractId, RelationshipId relationshipId, String reason)
        implements ContractEvent {

    public ContractReinstated {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
