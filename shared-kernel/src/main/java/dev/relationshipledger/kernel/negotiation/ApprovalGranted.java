package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;

/** {@code approvedBy}, an approver named in the mandate, granted the approval at {@code grantedAt}. */
public record ApprovalGranted(NegotiationId negotiationId, RelationshipId relationshipId, ApprovalId approvalId,
                              UserName approvedBy, Instant grantedAt, String comment) implements NegotiationEvent {

    public ApprovalGranted {
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notNull("approvalId", approvalId)
                .notNull("approvedBy", approvedBy)
                .notNull("grantedAt", grantedAt)
                .maxLength("comment", comment, Check.LONG_TEXT)
                .done();
    }
}
