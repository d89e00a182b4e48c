package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** Start a negotiation with the counterparty of a relationship, on a subject and within a mandate. */
public record OpenNegotiation(NegotiationId negotiationId, RelationshipId relationshipId, String subject,
                              Mandate mandate) implements NegotiationCommand {

    public OpenNegotiation {
        subject = Check.trimmed(subject);
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notBlank("subject", subject, Check.NAME)
                .notNull("mandate", mandate)
                .done();
    }
}
