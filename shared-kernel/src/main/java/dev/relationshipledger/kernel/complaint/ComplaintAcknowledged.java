package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** The complaint was acknowledged to the counterparty; {@code note} is optional. */
public record ComplaintAcknowledged(ComplaintId complaintId, RelationshipId relationshipId, String note)
        implements ComplaintEvent {

    public ComplaintAcknowledged {
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .maxLength("note", note, Check.LONG_TEXT)
                .done();
    }
}
