package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.validation.Check;

import java.time.LocalDate;

/**
 * End the contract before its end date. {@code effectiveOn} is business time: the day the termination took effect,
 * which may be back-dated but not lie in the future.
 */
public record TerminateContract(ContractId contractId, String reason, LocalDate effectiveOn) implements ContractCommand {

    public TerminateContract {
        reason = Check.trimmed(reason);
        Check.that()
                .notNull("contractId", contractId)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .notNull("effectiveOn", effectiveOn)
                .inLedgerTime("effectiveOn", effectiveOn)
                .done();
    }
}
