package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** A resolved complaint is open again; the ComplaintResolved before it stays in the ledger. */
public record ComplaintReopened(ComplaintId complaintId, RelationshipId relationshipId, String reason)
        implements ComplaintEvent {

    public ComplaintReopened {
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
