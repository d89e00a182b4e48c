package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.Check;

import java.time.LocalDate;

/**
 * Record a contract signed with the counterparty, either directly (with its {@code terms}) or from a negotiation
 * concluded as AGREED ({@code negotiationId}), whose agreed terms it carries over; {@code terms} may then be left
 * out, and when given must equal the agreed ones. The contract is in force from {@code startsOn} up to and including
 * {@code endsOn}; both may lie in the past (a contract recorded after the fact) or in the future.
 */
public record SignContract(ContractId contractId, RelationshipId relationshipId, NegotiationId negotiationId,
                           Terms terms, LocalDate startsOn, LocalDate endsOn, String title) implements ContractCommand {

    public SignContract {
        title = Check.trimmed(title);
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .isTrue(terms != null || negotiationId != null, "terms",
                        "is required unless negotiationId names the agreed negotiation to take them from")
                .notNull("startsOn", startsOn)
                .notNull("endsOn", endsOn)
                .inLedgerTime("startsOn", startsOn)
                .inLedgerTime("endsOn", endsOn)
                .isTrue(startsOn == null || endsOn == null || endsOn.isAfter(startsOn), "endsOn", "must be after startsOn")
                .notBlank("title", title, Check.NAME)
                .done();
    }
}
