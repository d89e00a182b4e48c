package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.validation.Check;

/** Ask one of the mandate's approvers to allow a proposal of ours with {@code terms} outside the mandate. */
public record RequestApproval(NegotiationId negotiationId, ApprovalId approvalId, Terms terms, String justification)
        implements NegotiationCommand {

    public RequestApproval {
        justification = Check.trimmed(justification);
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("approvalId", approvalId)
                .notNull("terms", terms)
                .notBlank("justification", justification, Check.LONG_TEXT)
                .done();
    }
}
