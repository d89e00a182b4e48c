package dev.relationshipledger.query.audit;

import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Writes {@code read_model.audit_entry}: plain SQL, rows inserted once and never changed. */
@Repository
public class AuditTrailTable {

    private final JdbcTemplate jdbc;

    public AuditTrailTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the rows in position order; a position already stored is left as it is. A correction's original is
     * looked up as each row is inserted, so it is found also when it came earlier in the same batch.
     */
    public void insertAll(Collection<AuditRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<AuditRow> ordered = rows.stream().sorted(Comparator.comparingLong(AuditRow::position)).toList();
        jdbc.batchUpdate("""
                INSERT INTO read_model.audit_entry
                    (position, event_id, relationship_id, aggregate_type, aggregate_id, sequence_number, event_type,
                     actor, actor_roles, correlation_id, causation_id, recorded_at, business_time, subject,
                     is_correction, correction_reason, corrects_position, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    CASE WHEN ? THEN (SELECT min(o.position) FROM read_model.audit_entry o
                                      WHERE o.subject = ? AND o.relationship_id = ? AND NOT o.is_correction
                                        AND o.position < ?) END,
                    ?)
                ON CONFLICT (position) DO NOTHING""", ordered, 500, (ps, row) -> {
            UUID relationship = UUID.fromString(row.relationshipId());
            ps.setLong(1, row.position());
            ps.setString(2, row.eventId());
            ps.setObject(3, relationship);
            ps.setString(4, row.aggregateType());
            ps.setString(5, row.aggregateId());
            ps.setLong(6, row.sequenceNumber());
            ps.setString(7, row.eventType());
            ps.setString(8, row.actor());
            ps.setString(9, row.actorRoles());
            ps.setString(10, row.correlationId());
            ps.setString(11, row.causationId());
            ps.setTimestamp(12, timestamp(row.recordedAt()));
            ps.setTimestamp(13, timestamp(row.businessTime()));
            ps.setString(14, row.subject());
            ps.setBoolean(15, row.correction());
            ps.setString(16, row.correctionReason());
            ps.setBoolean(17, row.correction() && row.subject() != null);
            ps.setString(18, row.subject());
            ps.setObject(19, relationship);
            ps.setLong(20, row.position());
            ps.setObject(21, jsonb(row.payload()));
        });
    }

    public void deleteAll() {
        jdbc.update("DELETE FROM read_model.audit_entry");
    }

    private static PGobject jsonb(String json) throws SQLException {
        PGobject value = new PGobject();
        value.setType("jsonb");
        value.setValue(json);
        return value;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
