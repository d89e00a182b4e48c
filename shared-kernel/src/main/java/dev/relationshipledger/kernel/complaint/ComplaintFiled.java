package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.message.BusinessTimed;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;

/** The counterparty complained; the complaint reached us at {@code receivedAt} (business time). */
public record ComplaintFiled(ComplaintId complaintId,
                             RelationshipId relationshipId,
                             ComplaintCategory category,
                             Severity severity,
                             String description,
                             Instant receivedAt) implements ComplaintEvent, Subject, BusinessTimed {

    public ComplaintFiled {
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .notNull("category", category)
                .notNull("severity", severity)
                .notBlank("description", description, Check.LONG_TEXT)
                .notNull("receivedAt", receivedAt)
                .done();
    }

    @Override
    public String subject() {
        return Subject.of("complaint", complaintId);
    }

    @Override
    public Instant businessTime() {
        return receivedAt;
    }
}
