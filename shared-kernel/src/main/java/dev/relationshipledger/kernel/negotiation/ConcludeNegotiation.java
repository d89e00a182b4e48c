package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * End the negotiation. AGREED names the proposal both sides accepted; WALKED_AWAY and LOST name none and say why.
 */
public record ConcludeNegotiation(NegotiationId negotiationId, NegotiationOutcome outcome, ProposalId agreedProposalId,
                                  String reason) implements NegotiationCommand {

    public ConcludeNegotiation {
        reason = Check.trimmed(reason);
        reason = reason == null || reason.isEmpty() ? null : reason;
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("outcome", outcome)
                .isTrue(outcome != NegotiationOutcome.AGREED || agreedProposalId != null, "agreedProposalId",
                        "is required when the outcome is AGREED")
                .isTrue(outcome == NegotiationOutcome.AGREED || agreedProposalId == null, "agreedProposalId",
                        "is only given when the outcome is AGREED")
                .isTrue(outcome == null || outcome == NegotiationOutcome.AGREED || reason != null, "reason",
                        "is required when the outcome is not AGREED")
                .maxLength("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
