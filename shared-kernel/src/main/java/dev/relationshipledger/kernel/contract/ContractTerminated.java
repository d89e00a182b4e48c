package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

import java.time.LocalDate;

/** The contract was ended, taking effect on {@code effectiveOn}. Nothing happens after this. */
public record ContractTerminated(ContractId contractId, RelationshipId relationshipId, String reason,
                                 LocalDate effectiveOn) implements ContractEvent {

    public ContractTerminated {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .notNull("effectiveOn", effectiveOn)
                .done();
    }
}
