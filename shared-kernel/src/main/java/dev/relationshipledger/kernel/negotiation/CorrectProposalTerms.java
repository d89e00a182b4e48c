package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * Correct the recorded terms of a proposal (a mistake in recording, not a new offer: that is a new proposal). The
 * original ProposalMade stays in the ledger. Corrected terms of ours outside the mandate name the approval granted
 * for exactly them.
 */
public record CorrectProposalTerms(NegotiationId negotiationId, ProposalId proposalId, Terms correctedTerms,
                                   String reason, ApprovalId approvalId) implements NegotiationCommand {

    public CorrectProposalTerms {
        reason = Check.trimmed(reason);
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("proposalId", proposalId)
                .notNull("correctedTerms", correctedTerms)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
