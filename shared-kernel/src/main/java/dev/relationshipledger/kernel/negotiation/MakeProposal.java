package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;

/**
 * Record a proposal by either side. A proposal of ours outside the mandate names the {@code approvalId} that was
 * granted for exactly these terms. {@code madeAt} is business time (when the offer was made; may be back-dated,
 * not in the future); when absent, the time it is recorded.
 */
public record MakeProposal(NegotiationId negotiationId, ProposalId proposalId, Side side, Terms terms,
                           ApprovalId approvalId, Instant madeAt) implements NegotiationCommand {

    public MakeProposal {
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("proposalId", proposalId)
                .notNull("side", side)
                .notNull("terms", terms)
                .inLedgerTime("madeAt", madeAt)
                .isTrue(approvalId == null || side != Side.THEIRS, "approvalId",
                        "only a proposal of ours uses an approval")
                .done();
    }
}
