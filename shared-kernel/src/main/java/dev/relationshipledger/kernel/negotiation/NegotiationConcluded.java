package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * The negotiation ended. When AGREED, {@code agreedProposalId} names the proposal both sides accepted and
 * {@code agreedTerms} are its terms (as last corrected); otherwise both are null. Nothing happens after this.
 */
public record NegotiationConcluded(NegotiationId negotiationId, RelationshipId relationshipId,
                                   NegotiationOutcome outcome, ProposalId agreedProposalId, Terms agreedTerms,
                                   String reason) implements NegotiationEvent {

    public NegotiationConcluded {
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notNull("outcome", outcome)
                .isTrue(outcome != NegotiationOutcome.AGREED || (agreedProposalId != null && agreedTerms != null),
                        "agreedProposalId", "is required when the outcome is AGREED")
                .maxLength("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
