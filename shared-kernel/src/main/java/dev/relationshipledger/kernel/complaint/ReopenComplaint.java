package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.validation.Check;

/** The resolution did not hold: open the complaint again, saying why. */
public record ReopenComplaint(ComplaintId complaintId, String reason) implements ComplaintCommand {

    public ReopenComplaint {
        reason = Check.trimmed(reason);
        Check.that().notNull("complaintId", complaintId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
