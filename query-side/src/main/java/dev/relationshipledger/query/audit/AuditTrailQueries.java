package dev.relationshipledger.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.query.personaldata.ShownEvents;
import dev.relationshipledger.query.status.ResponsibleManagers;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads {@code read_model.audit_entry}: keyset pages with the corrections of every original on the page, and the
 * whole of a filtered trail as a stream of rows for exports. Each row comes with its event's payload as the event
 * store holds it, joined by position: the trail keeps no copy of it (decision 0017). A page's entries also show
 * their sealed values opened when asked ({@code opened=true}, {@link ShownEvents}); exports carry the payload as
 * stored.
 */
@Repository
public class AuditTrailQueries {

    /** Rows the database hands over per round trip while an export streams. */
    static final int EXPORT_FETCH_SIZE = 1000;

    /**
     * The event's JSON, as the command side stored it: the bytes the hash chain covers. Left joined, so that an entry
     * whose event could not be found would show a null payload rather than vanish (the store is append-only).
     */
    private static final String PAYLOAD = "convert_from(e.payload, 'UTF8') AS payload";
    private static final String WITH_PAYLOADS = """
             FROM read_model.audit_entry a
            LEFT JOIN event_store.domain_event_entry e ON e.global_index = a.position""";

    private static final String COLUMNS = """
            a.position, a.event_id, a.relationship_id, a.aggregate_type, a.aggregate_id, a.sequence_number,
            a.event_type, a.actor, a.actor_roles, a.correlation_id, a.causation_id, a.recorded_at, a.business_time,
            a.subject, a.is_correction, a.correction_reason, a.corrects_position, """ + PAYLOAD;
    /** What a page's entries add to open the sealed values they show. */
    private static final String TO_OPEN = ", e.payload_type, e.payload_revision, " + ShownEvents.TEXT_KEY_COLUMNS;

    private final ShownEvents shownEvents;
    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public AuditTrailQueries(JdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions,
                             ShownEvents shownEvents) {
        this.jdbc = jdbc;
        this.shownEvents = shownEvents;
        // PostgreSQL streams a result through a server-side cursor only with a fetch size, inside a transaction.
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(EXPORT_FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public Page<AuditEntry> page(AuditQuery query) {
        Sql sql = select(query, query.opened());
        if (query.after() != null) {
            sql.text.append(query.descending() ? " AND a.position < ?" : " AND a.position > ?");
            sql.args.add(query.after());
        }
        sql.text.append(" ORDER BY a.position ").append(query.descending() ? "DESC" : "ASC").append(" LIMIT ?");
        sql.args.add(query.limit() + 1);
        RowMapper<AuditEntry> entry = (rs, i) -> entry(row(rs), rs.getString("payload"),
                query.opened() ? shownEvents.opened(rs) : null);
        List<AuditEntry> rows = jdbc.query(sql.text.toString(), entry, sql.args.toArray());
        boolean more = rows.size() > query.limit();
        List<AuditEntry> page = more ? rows.subList(0, query.limit()) : rows;
        String next = more ? query.cursorAfter(page.get(page.size() - 1).position()) : null;
        return new Page<>(withCorrections(page, query.opened()), next, query.limit());
    }

    /** Whether the trail holds anything of the relationship (any of its aggregates). */
    public boolean knowsRelationship(UUID relationshipId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM read_model.audit_entry WHERE relationship_id = ?)", Boolean.class,
                relationshipId));
    }

    /** The relationship of the aggregate of that type, if the trail holds an event of it. */
    public Optional<UUID> relationshipOf(String aggregateType, String aggregateId) {
        return jdbc.queryForList("""
                SELECT relationship_id FROM read_model.audit_entry WHERE aggregate_id = ? AND aggregate_type = ?
                LIMIT 1""", UUID.class, aggregateId, aggregateType).stream().findFirst();
    }

    /**
     * Hands every matching row, in position order, to {@code each}, reading through a server-side cursor in a
     * read-only transaction: memory holds one fetch of rows, however many match.
     */
    public void stream(AuditQuery query, RowHandler each) {
        Sql sql = select(query, false);
        sql.text.append(" ORDER BY a.position ").append(query.descending() ? "DESC" : "ASC");
        readOnly.executeWithoutResult(status -> streaming.query(sql.text.toString(),
                (RowCallbackHandler) rs -> each.handle(row(rs), rs.getString("payload")), sql.args.toArray()));
    }

    /** Receives exported rows one at a time, each with its event's payload (JSON text). */
    @FunctionalInterface
    public interface RowHandler {
        void handle(AuditRow row, String payload);
    }

    /** {@code toOpen}: with what it takes to open the entries' sealed values (a page's, not an export's). */
    private static Sql select(AuditQuery query, boolean toOpen) {
        Sql sql = new Sql(new StringBuilder("SELECT " + COLUMNS + (toOpen ? TO_OPEN : "") + WITH_PAYLOADS
                + (toOpen ? ShownEvents.TEXT_KEY_JOIN : "") + " WHERE true"), new ArrayList<>());
        sql.where("a.relationship_id = ?", query.relationshipId());
        sql.where("a.aggregate_id = ?", query.aggregateId());
        sql.where("a.aggregate_type = ?", query.aggregateType());
        sql.where("a.actor = ?", query.actor());
        sql.where("a.event_type = ?", query.type());
        sql.where("a.subject = ?", query.subject());
        sql.where("a.recorded_at >= ?", timestamp(query.recordedFrom()));
        sql.where("a.recorded_at < ?", timestamp(query.recordedTo()));
        sql.where("coalesce(a.business_time, a.recorded_at) >= ?", timestamp(query.businessFrom()));
        sql.where("coalesce(a.business_time, a.recorded_at) < ?", timestamp(query.businessTo()));
        if (query.responsible() != null) {
            sql.text.append(" AND ").append(ResponsibleManagers.responsibleFor("a.relationship_id"));
            sql.args.add(query.responsible());
            sql.args.add(query.responsible());
        }
        return sql;
    }

    /** The corrections of the originals among the entries, set beside each original (opened if asked). */
    private List<AuditEntry> withCorrections(List<AuditEntry> entries, boolean opened) {
        Long[] originals = entries.stream().filter(AuditEntry::original).map(AuditEntry::position).toArray(Long[]::new);
        if (originals.length == 0) {
            return entries;
        }
        Map<Long, List<AuditEntry.CorrectionNote>> notes = new HashMap<>();
        jdbc.query(c -> {
            var s = c.prepareStatement("SELECT a.corrects_position, a.position, a.recorded_at, a.actor, "
                    + "a.correction_reason, a.relationship_id, a.subject, " + PAYLOAD + (opened ? TO_OPEN : "")
                    + WITH_PAYLOADS + (opened ? ShownEvents.TEXT_KEY_JOIN : "")
                    + " WHERE a.corrects_position = ANY (?) ORDER BY a.position");
            s.setArray(1, c.createArrayOf("bigint", originals));
            return s;
        }, (RowCallbackHandler) rs -> notes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                .add(new AuditEntry.CorrectionNote(rs.getLong(2), instant(rs.getTimestamp(3)), rs.getString(4),
                        rs.getString(5), rs.getString("payload"), opened ? shownEvents.opened(rs) : null)));
        return entries.stream()
                .map(e -> e.original() ? e.withCorrections(List.copyOf(notes.getOrDefault(e.position(), List.of()))) : e)
                .toList();
    }

    static AuditEntry entry(AuditRow row, String payload, JsonNode opened) {
        boolean original = AuditEntry.isOriginal(row.correction(), row.subject(), row.eventType());
        return new AuditEntry(row.position(), row.eventId(), row.relationshipId(), row.aggregateType(),
                row.aggregateId(), row.sequenceNumber(), row.eventType(), row.actor(), roles(row.actorRoles()),
                row.correlationId(), row.causationId(), row.recordedAt(), row.businessTime(), row.subject(),
                row.correction(), row.correctionReason(), row.correctsPosition(), original ? List.of() : null,
                payload, opened);
    }

    static List<String> roles(String text) {
        return Actor.roleNames(text);
    }

    private static AuditRow row(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong("position"), rs.getString("event_id"), rs.getString("relationship_id"),
                rs.getString("aggregate_type"), rs.getString("aggregate_id"), rs.getLong("sequence_number"),
                rs.getString("event_type"), rs.getString("actor"), rs.getString("actor_roles"),
                rs.getString("correlation_id"), rs.getString("causation_id"), instant(rs.getTimestamp("recorded_at")),
                instant(rs.getTimestamp("business_time")), rs.getString("subject"), rs.getBoolean("is_correction"),
                rs.getString("correction_reason"), rs.getObject("corrects_position", Long.class));
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
