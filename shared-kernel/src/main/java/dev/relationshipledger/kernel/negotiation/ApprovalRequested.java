package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

import java.util.List;

/** {@code requestedBy} asked for approval to propose {@code terms}, which break the mandate as {@code breaches} say. */
public record ApprovalRequested(NegotiationId negotiationId, RelationshipId relationshipId, ApprovalId approvalId,
                                Terms terms, String justification, UserName requestedBy, List<String> breaches)
        implements NegotiationEvent {

    public ApprovalRequested {
        breaches = Check.listOf(breaches);
        Check.that()
                .notNull("negotiationId", negotiationId)
                .notNull("relationshipId", relationshipId)
                .notNull("approvalId", approvalId)
                .notNull("terms", terms)
                .notBlank("justification", justification, Check.LONG_TEXT)
                .notNull("requestedBy", requestedBy)
                .isTrue(!breaches.isEmpty(), "breaches", "an approval is only requested for terms outside the mandate")
                .done();
    }
}
