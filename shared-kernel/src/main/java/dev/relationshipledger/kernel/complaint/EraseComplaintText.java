package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.validation.Check;

/** Erase what a closed complaint says for good (decision 0022); the reason names the request and its legal ground. */
public record EraseComplaintText(ComplaintId complaintId, String reason) implements ComplaintCommand {

    public EraseComplaintText {
        reason = Check.trimmed(reason);
        Check.that().notNull("complaintId", complaintId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
