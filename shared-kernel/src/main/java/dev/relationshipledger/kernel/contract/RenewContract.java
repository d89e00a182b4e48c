package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.Check;

import java.time.LocalDate;

/**
 * Extend the contract to {@code newEndsOn}, which must lie beyond its current end. With {@code terms}, the renewed
 * contract runs on those terms; without, on the terms in force.
 */
public record RenewContract(ContractId contractId, LocalDate newEndsOn, Terms terms) implements ContractCommand {

    public RenewContract {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("newEndsOn", newEndsOn)
                .inLedgerTime("newEndsOn", newEndsOn)
                .done();
    }
}
