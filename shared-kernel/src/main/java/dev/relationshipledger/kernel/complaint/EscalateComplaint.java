package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** Hand the complaint up to someone else ({@code escalatedTo}), saying why. */
public record EscalateComplaint(ComplaintId complaintId, UserName escalatedTo, String reason)
        implements ComplaintCommand {

    public EscalateComplaint {
        reason = Check.trimmed(reason);
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("escalatedTo", escalatedTo)
                .notBlank("reason", reason, Check.LONG_TEXT)
                .done();
    }
}
