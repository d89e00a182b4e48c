package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.validation.Check;

/** The counterparty took its open complaint back; nothing is recorded on it afterwards. */
public record WithdrawComplaint(ComplaintId complaintId, String reason) implements ComplaintCommand {

    public WithdrawComplaint {
        reason = Check.trimmed(reason);
        Check.that().notNull("complaintId", complaintId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
