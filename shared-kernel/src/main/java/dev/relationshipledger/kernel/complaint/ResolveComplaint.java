package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.validation.Check;

/**
 * Record how the complaint was resolved. {@code compensation} (what we paid or credited) and {@code satisfaction}
 * (what the counterparty said about the resolution) are optional: not every resolution costs money, and not every
 * counterparty says how it felt.
 */
public record ResolveComplaint(ComplaintId complaintId, String resolution, Money compensation,
                               Satisfaction satisfaction) implements ComplaintCommand {

    public ResolveComplaint {
        resolution = Check.trimmed(resolution);
        Check.that()
                .notNull("complaintId", complaintId)
                .notBlank("resolution", resolution, Check.LONG_TEXT)
                .done();
    }
}
