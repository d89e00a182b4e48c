package dev.relationshipledger.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One event as the audit API shows it. A correction names the position of the original it corrects
 * ({@code corrects}); an original (an event about a subject that is not itself a correction) lists its
 * corrections beside it ({@code corrections}, oldest first, empty when it was never corrected). Both are null on
 * entries they do not apply to. {@code payload} is the event as stored, the bytes the hash chain covers; on a page
 * asked with {@code opened=true}, where those hold sealed values (a person's details, what was said at a contact),
 * {@code opened} is the event with them opened, or read as erased (decisions 0019, 0021); else null.
 */
public record AuditEntry(long position, String eventId, String relationshipId, String aggregateType,
                         String aggregateId, long sequenceNumber, String eventType, String actor,
                         List<String> actorRoles, String correlationId, String causationId, Instant recordedAt,
                         Instant businessTime, String subject, boolean correction, String correctionReason,
                         Long corrects, List<CorrectionNote> corrections, @JsonRawValue String payload,
                         JsonNode opened) {

    /** A correction shown beside its original: when, by whom, why, and the correcting event (opened as above). */
    public record CorrectionNote(long position, Instant recordedAt, String actor, String reason,
                                 @JsonRawValue String payload, JsonNode opened) {
    }

    /** Events about a subject that neither correct it nor are it: an erasure of what a contact or complaint says. */
    static final Set<String> ABOUT_A_SUBJECT = Set.of("ContactTextErased", "ComplaintTextErased");

    boolean original() {
        return isOriginal(correction, subject, eventType);
    }

    static boolean isOriginal(boolean correction, String subject, String eventType) {
        return !correction && subject != null && !ABOUT_A_SUBJECT.contains(eventType);
    }

    AuditEntry withCorrections(List<CorrectionNote> notes) {
        return new AuditEntry(position, eventId, relationshipId, aggregateType, aggregateId, sequenceNumber,
                eventType, actor, actorRoles, correlationId, causationId, recordedAt, businessTime, subject,
                correction, correctionReason, corrects, notes, payload, opened);
    }
}
