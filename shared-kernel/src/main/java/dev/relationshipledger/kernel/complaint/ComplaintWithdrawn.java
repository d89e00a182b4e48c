package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** The counterparty withdrew the complaint before it was resolved. Terminal. */
public record ComplaintWithdrawn(ComplaintId complaintId, RelationshipId relationshipId, String reason)
        implements ComplaintEvent {

    public ComplaintWithdrawn {
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
