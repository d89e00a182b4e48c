package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.message.Correction;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * The details of complaint {@code complaintId} were corrected, for {@code reason}. Holds the complete details as
 * they read after the correction (fields the correction did not touch carry their previous value), so the latest
 * correction alone gives the current details. The ComplaintFiled event and earlier corrections are unchanged:
 * readers show the original beside the correction.
 */
public record ComplaintDetailsCorrected(ComplaintId complaintId,
                                        RelationshipId relationshipId,
                                        ComplaintCategory category,
                                        Severity severity,
                                        String description,
                                        String reason) implements ComplaintEvent, Correction {

    public ComplaintDetailsCorrected {
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .notNull("category", category)
                .notNull("severity", severity)
                .notBlank("description", description, Check.LONG_TEXT)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }

    @Override
    public String subject() {
        return Subject.of("complaint", complaintId);
    }
}
