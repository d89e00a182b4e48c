package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.validation.Check;

/** An approver of the mandate allows the requested terms; {@code comment} is optional. */
public record GrantApproval(NegotiationId negotiationId, ApprovalId approvalId, String comment)
        implements NegotiationCommand {

    public GrantApproval {
        comment = Check.trimmed(comment);
        comment = comment == null || comment.isEmpty() ? null : comment;
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("approvalId", approvalId)
                .maxLength("comment", comment, Check.LONG_TEXT)
                .done();
    }
}
