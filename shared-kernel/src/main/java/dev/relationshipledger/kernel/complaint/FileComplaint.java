package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;

/**
 * Record a complaint the counterparty made. {@code receivedAt} is business time: when the complaint reached us,
 * which may be before it is recorded; it may not lie in the future (checked against the command side's clock).
 */
public record FileComplaint(ComplaintId complaintId,
                            RelationshipId relationshipId,
                            ComplaintCategory category,
                            Severity severity,
                            String description,
                            Instant receivedAt) implements ComplaintCommand {

    public FileComplaint {
        description = Check.trimmed(description);
        Check.that()
                .notNull("complaintId", complaintId)
                .notNull("relationshipId", relationshipId)
                .notNull("category", category)
                .notNull("severity", severity)
                .notBlank("description", description, Check.LONG_TEXT)
                .notNull("receivedAt", receivedAt)
                .inLedgerTime("receivedAt", receivedAt)
                .done();
    }
}
