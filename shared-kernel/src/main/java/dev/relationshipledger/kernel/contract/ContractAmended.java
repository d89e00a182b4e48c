package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.Check;

/** The contract's terms changed from {@code previousTerms} to {@code newTerms}. */
public record ContractAmended(ContractId contractId, RelationshipId relationshipId, Terms previousTerms,
                              Terms newTerms, String reason) implements ContractEvent {

    public ContractAmended {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .notNull("previousTerms", previousTerms)
                .notNull("newTerms", newTerms)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
