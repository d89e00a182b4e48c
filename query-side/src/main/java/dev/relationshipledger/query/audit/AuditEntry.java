package dev.relationshipledger.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;
import java.util.List;

/**
 * One event as the audit API shows it. A correction names the position of the original it corrects
 * ({@code corrects}); an original (an event about a subject that is not itself a correction) lists its
 * corrections beside it ({@code corrections}, oldest first, empty when it was never corrected). Both are null on
 * entries they do not apply to.
 */
public record AuditEntry(long position, String eventId, String relationshipId, String aggregateType,
                         String aggregateId, long sequenceNumber, String eventType, String actor,
                         List<String> actorRoles, String correlationId, String causationId, Instant recordedAt,
                         Instant businessTime, String subject, boolean correction, String correctionReason,
                         Long corrects, List<CorrectionNote> corrections, @JsonRawValue String payload) {

    /** A correction shown beside its original: when, by whom, why, and the correcting event. */
    public record CorrectionNote(long position, Instant recordedAt, String actor, String reason,
                                 @JsonRawValue String payload) {
    }

    boolean original() {
        return !correction && subject != null;
    }

    AuditEntry withCorrections(List<CorrectionNote> notes) {
        return new AuditEntry(position, eventId, relationshipId, aggregateType, aggregateId, sequenceNumber,
                eventType, actor, actorRoles, correlationId, causationId, recordedAt, businessTime, subject,
                correction, correctionReason, corrects, notes, payload);
    }
}
