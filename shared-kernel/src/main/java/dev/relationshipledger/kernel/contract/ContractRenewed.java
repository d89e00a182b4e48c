package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.Check;

import java.time.LocalDate;

/**
 * The contract was extended from {@code previousEndsOn} to {@code newEndsOn}; {@code terms} are the terms it runs on
 * from now (the ones in force when the renewal did not change them).
 */
public record ContractRenewed(ContractId contractId, RelationshipId relationshipId, LocalDate previousEndsOn,
                              LocalDate newEndsOn, Terms terms) implements ContractEvent {

    public ContractRenewed {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .notNull("previousEndsOn", previousEndsOn)
                .notNull("newEndsOn", newEndsOn)
                .isTrue(previousEndsOn == null || newEndsOn == null || newEndsOn.isAfter(previousEndsOn), "newEndsOn",
                        "must be after previousEndsOn")
                .notNull("terms", terms)
                .done();
    }
}
