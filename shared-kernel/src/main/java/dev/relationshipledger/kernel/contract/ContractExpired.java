package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

import java.time.LocalDate;

/** The contract ran out: {@code endedOn} (its end date) was its last day in force. Nothing happens after this. */
public record ContractExpired(ContractId contractId, RelationshipId relationshipId, LocalDate endedOn)
        implements ContractEvent {

    public ContractExpired {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .notNull("endedOn", endedOn)
                .done();
    }
}
