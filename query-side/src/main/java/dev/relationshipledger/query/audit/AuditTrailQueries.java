package dev.relationshipledger.query.audit;

import dev.relationshipledger.query.web.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads {@code read_model.audit_entry}: keyset pages with the corrections of every original on the page, and the
 * whole of a filtered trail as a stream of rows for exports.
 */
@Repository
public class AuditTrailQueries {

    /** Rows the database hands over per round trip while an export streams. */
    static final int EXPORT_FETCH_SIZE = 1000;

    static final String COLUMNS = """
            position, event_id, relationship_id, aggregate_type, aggregate_id, sequence_number, event_type, actor,
            actor_roles, correlation_id, causation_id, recorded_at, business_time, subject, is_correction,
            correction_reason, corrects_position, payload::text AS payload""";

    static final RowMapper<AuditRow> ROW = (rs, i) -> row(rs);

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public AuditTrailQueries(JdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        // PostgreSQL streams a result through a server-side cursor only with a fetch size, inside a transaction.
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(EXPORT_FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public Page<AuditEntry> page(AuditQuery query) {
        Sql sql = select(query);
        if (query.after() != null) {
            sql.text.append(query.descending() ? " AND position < ?" : " AND position > ?");
            sql.args.add(query.after());
        }
        sql.text.append(" ORDER BY position ").append(query.descending() ? "DESC" : "ASC").append(" LIMIT ?");
        sql.args.add(query.limit() + 1);
        List<AuditRow> rows = jdbc.query(sql.text.toString(), ROW, sql.args.toArray());
        boolean more = rows.size() > query.limit();
        List<AuditRow> page = more ? rows.subList(0, query.limit()) : rows;
        String next = more ? query.cursorAfter(page.get(page.size() - 1).position()) : null;
        return new Page<>(withCorrections(page.stream().map(AuditTrailQueries::entry).toList()), next, query.limit());
    }

    /** Whether the trail holds anything of the relationship (any of its aggregates). */
    public boolean knowsRelationship(UUID relationshipId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM read_model.audit_entry WHERE relationship_id = ?)", Boolean.class,
                relationshipId));
    }

    /** Whether the trail holds an event of the aggregate of that type. */
    public boolean knowsAggregate(String aggregateType, String aggregateId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM read_model.audit_entry WHERE aggregate_id = ? AND aggregate_type = ?)""",
                Boolean.class, aggregateId, aggregateType));
    }

    /**
     * Hands every matching row, in position order, to {@code each}, reading through a server-side cursor in a
     * read-only transaction: memory holds one fetch of rows, however many match.
     */
    public void stream(AuditQuery query, RowHandler each) {
        Sql sql = select(query);
        sql.text.append(" ORDER BY position ").append(query.descending() ? "DESC" : "ASC");
        readOnly.executeWithoutResult(status -> streaming.query(sql.text.toString(),
                (RowCallbackHandler) rs -> each.handle(row(rs)), sql.args.toArray()));
    }

    /** Receives exported rows one at a time. */
    @FunctionalInterface
    public interface RowHandler {
        void handle(AuditRow row);
    }

    private static Sql select(AuditQuery query) {
        Sql sql = new Sql(new StringBuilder("SELECT " + COLUMNS + " FROM read_model.audit_entry WHERE true"),
                new ArrayList<>());
        sql.where("relationship_id = ?", query.relationshipId());
        sql.where("aggregate_id = ?", query.aggregateId());
        sql.where("aggregate_type = ?", query.aggregateType());
        sql.where("actor = ?", query.actor());
        sql.where("event_type = ?", query.type());
        sql.where("subject = ?", query.subject());
        sql.where("recorded_at >= ?", timestamp(query.recordedFrom()));
        sql.where("recorded_at < ?", timestamp(query.recordedTo()));
        sql.where("coalesce(business_time, recorded_at) >= ?", timestamp(query.businessFrom()));
        sql.where("coalesce(business_time, recorded_at) < ?", timestamp(query.businessTo()));
        return sql;
    }

    /** The corrections of the originals among the entries, set beside each original. */
    private List<AuditEntry> withCorrections(List<AuditEntry> entries) {
        Long[] originals = entries.stream().filter(AuditEntry::original).map(AuditEntry::position).toArray(Long[]::new);
        if (originals.length == 0) {
            return entries;
        }
        Map<Long, List<AuditEntry.CorrectionNote>> notes = new HashMap<>();
        jdbc.query(c -> {
            var s = c.prepareStatement("""
                    SELECT corrects_position, position, recorded_at, actor, correction_reason, payload::text
                    FROM read_model.audit_entry WHERE corrects_position = ANY (?) ORDER BY position""");
            s.setArray(1, c.createArrayOf("bigint", originals));
            return s;
        }, (RowCallbackHandler) rs -> notes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                .add(new AuditEntry.CorrectionNote(rs.getLong(2), instant(rs.getTimestamp(3)), rs.getString(4),
                        rs.getString(5), rs.getString(6))));
        return entries.stream()
                .map(e -> e.original() ? e.withCorrections(List.copyOf(notes.getOrDefault(e.position(), List.of()))) : e)
                .toList();
    }

    static AuditEntry entry(AuditRow row) {
        boolean original = !row.correction() && row.subject() != null;
        return new AuditEntry(row.position(), row.eventId(), row.relationshipId(), row.aggregateType(),
                row.aggregateId(), row.sequenceNumber(), row.eventType(), row.actor(), roles(row.actorRoles()),
                row.correlationId(), row.causationId(), row.recordedAt(), row.businessTime(), row.subject(),
                row.correction(), row.correctionReason(), row.correctsPosition(), original ? List.of() : null,
                row.payload());
    }

    static List<String> roles(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
    }

    private static AuditRow row(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong("position"), rs.getString("event_id"), rs.getString("relationship_id"),
                rs.getString("aggregate_type"), rs.getString("aggregate_id"), rs.getLong("sequence_number"),
                rs.getString("event_type"), rs.getString("actor"), rs.getString("actor_roles"),
                rs.getString("correlation_id"), rs.getString("causation_id"), instant(rs.getTimestamp("recorded_at")),
                instant(rs.getTimestamp("business_time")), rs.getString("subject"), rs.getBoolean("is_correction"),
                rs.getString("correction_reason"), rs.getObject("corrects_position", Long.class), rs.getString("payload"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private record Sql(StringBuilder text, List<Object> args) {
        void where(String condition, Object value) {
            if (value != null) {
                text.append(" AND ").append(condition);
                args.add(value);
            }
        }
    }
}
