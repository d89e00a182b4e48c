package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.validation.Check;

/** Tell the counterparty its complaint was received and is being handled; an optional note says how. */
public record AcknowledgeComplaint(ComplaintId complaintId, String note) implements ComplaintCommand {

    public AcknowledgeComplaint {
        note = Check.trimmed(note);
        note = note == null || note.isEmpty() ? null : note;
        Check.that().notNull("complaintId", complaintId).maxLength("note", note, Check.LONG_TEXT).done();
    }
}
