package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.validation.Check;

/** An approver of the mandate refuses the requested terms, saying why. */
public record DenyApproval(NegotiationId negotiationId, ApprovalId approvalId, String reason)
        implements NegotiationCommand {

    public DenyApproval {
        reason = Check.trimmed(reason);
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("approvalId", approvalId)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
