package dev.relationshipledger.query.audit;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.util.PGobject;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
            is_correction, correction_reason, corrects_position, payload""";

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
                + "?, ?, ?, CASE WHEN ? THEN " + originalOf("?", "?", "?") + " END, ?) ON CONFLICT (position) DO NOTHING",
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
            ps.setObject(21, jsonb(row.payload()));
        });
    }

    /**
     * Starts copying rows in with one {@code COPY}, for a rebuild filling its empty shadow table: no statement per
     * row and no conflict handling; corrections are linked to their originals afterwards by
     * {@link #linkCorrectionsAfter(long)}. It runs on a connection of its own from the pool, or on the one connection
     * {@code jdbc} is bound to (inside its transaction). Rows are streamed as they come, so PostgreSQL stores them
     * while the next ones are prepared.
     */
    public Copy copy() {
        Connection connection = DataSourceUtils.getConnection(jdbc.getDataSource());
        try {
            PGCopyOutputStream out = new PGCopyOutputStream(connection.unwrap(PGConnection.class), "COPY " + table
                    + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)", 1 << 16);
            return new Copy(connection, out, new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, jdbc.getDataSource());
            throw new IllegalStateException("could not start copying into " + table, e);
        }
    }

    /** A {@code COPY} into the table in progress: rows written as CSV, NULL unquoted and empty. */
    public final class Copy {
        private final Connection connection;
        private final PGCopyOutputStream out;
        private final Writer csv;
        private final StringBuilder line = new StringBuilder(1024);

        private Copy(Connection connection, PGCopyOutputStream out, Writer csv) {
            this.connection = connection;
            this.out = out;
            this.csv = csv;
        }

        public void write(AuditRow row) {
            line.setLength(0);
            line.append(row.position()).append(',');
            quoted(line, row.eventId()).append(',');
            line.append(row.relationshipId()).append(',');
            quoted(line, row.aggregateType()).append(',');
            quoted(line, row.aggregateId()).append(',');
            line.append(row.sequenceNumber()).append(',');
            quoted(line, row.eventType()).append(',');
            quoted(line, row.actor()).append(',');
            quoted(line, row.actorRoles()).append(',');
            quoted(line, row.correlationId()).append(',');
            quoted(line, row.causationId()).append(',');
            quoted(line, row.recordedAt()).append(',');
            quoted(line, row.businessTime()).append(',');
            quoted(line, row.subject()).append(',');
            line.append(row.correction()).append(',');
            quoted(line, row.correctionReason()).append(",,");
            quoted(line, row.payload()).append('\n');
            try {
                csv.append(line);
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy into " + table, e);
            }
        }

        /** Ends the copy: every row written is in the table (committed, unless in the caller's transaction). */
        public void end() {
            try {
                csv.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy into " + table, e);
            } finally {
                DataSourceUtils.releaseConnection(connection, jdbc.getDataSource());
            }
        }

        /** Gives the copy up (the rebuild failed): nothing of it is stored, and the connection is released. */
        public void abandon() {
            try {
                if (out.isActive()) {
                    out.cancelCopy();
                }
            } catch (SQLException e) {
                // the pool discards a broken connection
            } finally {
                DataSourceUtils.releaseConnection(connection, jdbc.getDataSource());
            }
        }
    }

    /** Links the corrections after {@code position} to their originals (after a {@link #copy()}). */
    public void linkCorrectionsAfter(long position) {
        jdbc.update("UPDATE " + table + " c SET corrects_position = " + originalOf("c.subject", "c.relationship_id",
                "c.position") + " WHERE c.is_correction AND c.subject IS NOT NULL AND c.position > ?", position);
    }

    public void deleteAll() {
        jdbc.update("DELETE FROM " + table);
    }

    /** A CSV field: NULL unquoted and empty, any value quoted, its quotes doubled. */
    private static StringBuilder quoted(StringBuilder csv, Object value) {
        if (value == null) {
            return csv;
        }
        String text = value.toString();
        return csv.append('"').append(text.indexOf('"') < 0 ? text : text.replace("\"", "\"\"")).append('"');
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
