package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * Correct what was recorded about a complaint (category, severity, description), giving a reason. A field left
 * null keeps its current value; at least one must be given. The ComplaintFiled event (and any earlier correction)
 * stays in the ledger unchanged.
 */
public record CorrectComplaintDetails(ComplaintId complaintId, ComplaintCategory category, Severity severity,
                                      String description, String reason) implements ComplaintCommand {

    public CorrectComplaintDetails {
        description = Check.trimmed(description);
        reason = Check.trimmed(reason);
        Check.that()
                .notNull("complaintId", complaintId)
                .isTrue(category != null || severity != null || description != null, "category",
                        "at least one of category, severity or description must be given")
                .isTrue(description == null || !description.isEmpty(), "description", "must not be blank when given")
                .maxLength("description", description, Check.LONG_TEXT)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
