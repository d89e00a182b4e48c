package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** A negotiation was opened on {@code subject}; proposals of ours are bound by {@code mandate}, which never changes. */
public record NegotiationOpened(NegotiationId negotiationId, RelationshipId relationshipId, String subject,
                                Mandate mandate) implements NegotiationEvent {

    public NegotiationOpened {
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notBlank("subject", subject, Check.NAME)
                .notNull("mandate", mandate)
                .done();
    }
}
