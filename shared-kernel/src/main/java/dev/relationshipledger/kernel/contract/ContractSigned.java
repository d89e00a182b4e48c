package dev.relationshipledger.kernel.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.Check;

import java.time.LocalDate;

/**
 * A contract was signed, in force from {@code startsOn} up to and including {@code endsOn}. {@code negotiationId}
 * names the agreed negotiation it came from (null when signed directly); its terms are then the agreed terms.
 */
public record ContractSigned(ContractId contractId, RelationshipId relationshipId, NegotiationId negotiationId,
                             Terms terms, LocalDate startsOn, LocalDate endsOn, String title) implements ContractEvent {

    public ContractSigned {
        Check.that()
                .notNull("contractId", contractId)
                .notNull("relationshipId", relationshipId)
                .notNull("terms", terms)
                .notNull("startsOn", startsOn)
                .notNull("endsOn", endsOn)
                .isTrue(startsOn == null || endsOn == null || endsOn.isAfter(startsOn), "endsOn", "must be after startsOn")
                .notBlank("title", title, Check.NAME)
                .done();
    }
}
