package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.validation.Check;

/** The complaint was resolved; {@code compensation} and {@code satisfaction} are null when not given. */
public record ComplaintResolved(ComplaintId complaintId, RelationshipId relationshipId, String resolution,
                                Money compensation, Satisfaction satisfaction) implements ComplaintEvent {

    public ComplaintResolved {
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .notBlank("resolution", resolution, Check.LONG_TEXT)
                .done();
    }
}
