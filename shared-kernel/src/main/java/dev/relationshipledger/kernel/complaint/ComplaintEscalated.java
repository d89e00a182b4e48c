package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** The complaint was handed up to {@code escalatedTo}, for {@code reason}. */
public record ComplaintEscalated(ComplaintId complaintId, RelationshipId relationshipId, UserName escalatedTo,
                                 String reason) implements ComplaintEvent {

    public ComplaintEscalated {
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .notNull("escalatedTo", escalatedTo)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
