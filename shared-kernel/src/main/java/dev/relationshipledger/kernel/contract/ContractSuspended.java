package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** The contract was put on hold. */
public record ContractSuspended(ContractId contractId, RelationshipId relationshipId, String reason)
        implements ContractEvent {

    public ContractSuspended {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
