package dev.relationshipledger.query.audit;

import dev.relationshipledger.query.rebuild.CopyIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code read_model.audit_entry} (or a rebuild's shadow copy, {@code audit_entry_next}): plain SQL, rows
 * inserted once and never changed.
 */
@Repository
public class AuditTrailTable {

    private static final String COLUMNS = """
            position, event_id, relationship_id, aggregate_type, aggregate_id, sequence_number, event_type,
            actor, actor_roles, correlation_id, causation_id, recorded_at, business_time, subject,
            is_correction, correction_reason, corrects_position""";

    private final JdbcTemplate jdbc;
    private final String table;

    @Autowired
    public AuditTrailTable(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    /** Over the live table ({@code ""}) or the shadow table a rebuild fills ({@code "_next"}). */
    public AuditTrailTable(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.table = "read_model.audit_entry" + suffix;
    }

    /**
     * The position of a correction's original: the first non-correction event with the same subject in the same
     * relationship before it. The one definition, for rows inserted one by one and for rows copied in bulk.
     */
    private String originalOf(String subject, String relationship, String position) {
        return "(SELECT min(o.position) FROM " + table + " o WHERE o.subject = " + subject
                + " AND o.relationship_id = " + relationship + " AND NOT o.is_correction AND o.position < "
                + position + ")";
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
        jdbc.batchUpdate("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, CASE WHEN ? THEN " + originalOf("?", "?", "?") + " END) ON CONFLICT (position) DO NOTHING",
                ordered, 500, (ps, row) -> {
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
        });
    }

    /**
     * Starts copying rows in with one {@code COPY} ({@link CopyIn}), for a rebuild filling its empty shadow table;
     * the corrections copied are linked to their originals when the copy ends.
     */
    public Copy copy() {
        return new Copy(CopyIn.into(jdbc, table, COLUMNS));
    }

    /** A {@code COPY} into the table in progress. */
    public final class Copy {
        private final CopyIn rows;
        /** The corrections written, to be linked to their originals: a few among many rows. */
        private final List<Long> corrections = new ArrayList<>();

        private Copy(CopyIn rows) {
            this.rows = rows;
        }

        public void write(AuditRow row) {
            rows.field(row.position()).field(row.eventId()).field(row.relationshipId()).field(row.aggregateType())
                    .field(row.aggregateId()).field(row.sequenceNumber()).field(row.eventType()).field(row.actor())
                    .field(row.actorRoles()).field(row.correlationId()).field(row.causationId())
                    .field(row.recordedAt()).field(row.businessTime()).field(row.subject()).field(row.correction())
                    .field(row.correctionReason()).field(row.correctsPosition()).endRow();
            if (row.correction() && row.subject() != null) {
                corrections.add(row.position());
            }
        }

        /**
         * Ends the copy: every row written is in the table (committed, unless in the caller's transaction), each
         * correction linked to its original.
         */
        public void end() {
            rows.end();
            linkCorrections(corrections);
        }

        /** Gives the copy up (the rebuild failed): nothing of it is stored, and the connection is released. */
        public void abandon() {
            rows.abandon();
        }
    }

    /**
     * Links the corrections at these positions to their originals, found through their keys: a rebuild copies a
     * million rows of which a few are corrections, and picking those out of the whole table took 3.3 s
     * (docs/measurements.md, seventeenth round).
     */
    private void linkCorrections(List<Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement link = connection.prepareStatement("UPDATE " + table + " c SET corrects_position = "
                    + originalOf("c.subject", "c.relationship_id", "c.position") + " WHERE c.position = ANY (?)");
            link.setArray(1, connection.createArrayOf("bigint", positions.toArray()));
            return link;
        });
    }

    public void deleteAll() {
        jdbc.update("DELETE FROM " + table);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
