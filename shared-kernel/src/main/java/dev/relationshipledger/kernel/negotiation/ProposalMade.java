package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.message.BusinessTimed;
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
 * A side proposed {@code terms} in round {@code round} (1, 2, ... over both sides). {@code withinMandate} and
 * {@code breaches} are the mandate check at the time: for a proposal of ours, any breach is covered by the approval
 * named here ({@code approvalId}, granted by {@code approvedBy} at {@code approvedAt}); for a proposal of theirs they
 * say whether accepting it as it stands would lie within our mandate. {@code madeAt} is business time.
 */
public record ProposalMade(NegotiationId negotiationId, RelationshipId relationshipId, ProposalId proposalId,
                           Side side, Terms terms, int round, boolean withinMandate, List<String> breaches,
                           ApprovalId approvalId, UserName approvedBy, Instant approvedAt, Instant madeAt)
        implements NegotiationEvent, Subject, BusinessTimed {

    public ProposalMade {
        breaches = Check.listOf(breaches);
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notNull("proposalId", proposalId)
                .notNull("side", side)
                .notNull("terms", terms)
                .isTrue(round >= 1, "round", "must be 1 or more")
                .isTrue(withinMandate == breaches.isEmpty(), "withinMandate", "must be true exactly when there are no breaches")
                .isTrue((approvalId == null) == (approvedBy == null) && (approvalId == null) == (approvedAt == null),
                        "approvalId", "approvalId, approvedBy and approvedAt go together")
                .notNull("madeAt", madeAt)
                .done();
    }

    @Override
    public String subject() {
        return Subject.of("proposal", proposalId);
    }

    @Override
    public Instant businessTime() {
        return madeAt;
    }
}
