package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;

/** {@code deniedBy}, an approver named in the mandate, denied the approval at {@code deniedAt}. */
public record ApprovalDenied(NegotiationId negotiationId, RelationshipId relationshipId, ApprovalId approvalId,
                             UserName deniedBy, Instant deniedAt, String reason) implements NegotiationEvent {

    public ApprovalDenied {
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notNull("approvalId", approvalId)
                .notNull("deniedBy", deniedBy)
                .notNull("deniedAt", deniedAt)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
