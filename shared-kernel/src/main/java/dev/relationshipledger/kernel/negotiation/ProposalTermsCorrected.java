package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.message.Correction;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;
import java.util.List;

/**
 * The terms of proposal {@code proposalId} were corrected from {@code previousTerms} (as made, or as last corrected)
 * to {@code correctedTerms}, for {@code reason}. The ProposalMade it corrects is unchanged. The mandate check and
 * approval fields mean what they mean on ProposalMade, for the corrected terms.
 */
public record ProposalTermsCorrected(NegotiationId negotiationId, RelationshipId relationshipId, ProposalId proposalId,
                                     Side side, Terms previousTerms, Terms correctedTerms, String reason,
                                     boolean withinMandate, List<String> breaches, ApprovalId approvalId,
                                     UserName approvedBy, Instant approvedAt) implements NegotiationEvent, Correction {

    public ProposalTermsCorrected {
        breaches = Check.listOf(breaches);
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notNull("proposalId", proposalId)
                .notNull("side", side)
                .notNull("previousTerms", previousTerms)
                .notNull("correctedTerms", correctedTerms)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .isTrue(withinMandate == breaches.isEmpty(), "withinMandate", "must be true exactly when there are no breaches")
                .isTrue((approvalId == null) == (approvedBy == null) && (approvalId == null) == (approvedAt == null),
                        "approvalId", "approvalId, approvedBy and approvedAt go together")
                .done();
    }

    @Override
    public String subject() {
        return Subject.of("proposal", proposalId);
    }
}
