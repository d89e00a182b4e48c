package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.query.personaldata.ShownEvents;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a relationship's events in ledger order: the audit trail says which positions belong to the relationship
 * (and when each was recorded and happened); the events themselves come from the event store, deserialized by the
 * same serializer the projections use (a contact's text left sealed), and those shown to someone read again opened
 * ({@link #shown}, decision 0021).
 */
@Repository
public class RelationshipHistory {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ShownEvents shownEvents;

    public RelationshipHistory(JdbcTemplate jdbc, Serializer serializer, ShownEvents shownEvents) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.shownEvents = shownEvents;
    }

    /**
     * Events of the relationship after {@code afterPosition}, up to {@code untilPosition} (inclusive), counted on the
     * axis up to {@code until} (null: no time limit), at most {@code max}; for folding: a contact's text left sealed.
     */
    public List<HistoryEvent> events(String relationshipId, long afterPosition, long untilPosition, Axis axis,
                                     Instant until, int max) {
        StringBuilder sql = new StringBuilder("""
                SELECT a.position, a.event_type, a.recorded_at, a.business_time, a.actor, a.actor_roles,
                       a.correlation_id, a.causation_id, a.correction_reason,
                       e.payload, e.payload_type, e.payload_revision
                FROM read_model.audit_entry a
                JOIN event_store.domain_event_entry e ON e.global_index = a.position
                WHERE a.relationship_id = ? AND a.position > ? AND a.position <= ?""");
        List<Object> args = new ArrayList<>(List.of(UUID.fromString(relationshipId), afterPosition, untilPosition));
        if (until != null && axis == Axis.RECORDED) {
            sql.append(" AND a.recorded_at <= ?");
            args.add(Timestamp.from(until));
        } else if (until != null) {
            // What had happened by then. A creation event (sequence 0) also counts when a later-recorded fact of its
            // aggregate — or, for the relationship's opening, of the relationship — happened by then: a contact
            // back-dated to before the relationship was recorded still needs the relationship to exist.
            sql.append(" ").append("""
                     AND (coalesce(a.business_time, a.recorded_at) <= ?
                          OR (a.sequence_number = 0 AND EXISTS (
                              SELECT 1 FROM read_model.audit_entry b
                              WHERE b.relationship_id = a.relationship_id
                                AND (a.aggregate_id = a.relationship_id::text OR b.aggregate_id = a.aggregate_id)
                                AND coalesce(b.business_time, b.recorded_at) <= ?)))""");
            args.add(Timestamp.from(until));
            args.add(Timestamp.from(until));
        }
        sql.append(" ORDER BY a.position LIMIT ?");
        args.add(max);
        return jdbc.query(sql.toString(), (rs, i) -> new HistoryEvent(
                rs.getLong("position"), rs.getString("event_type"),
                deserialize(rs.getBytes("payload"), rs.getString("payload_type"), rs.getString("payload_revision")),
                rs.getTimestamp("recorded_at").toInstant(),
                rs.getTimestamp("business_time") == null ? null : rs.getTimestamp("business_time").toInstant(),
                rs.getString("actor"), rs.getString("actor_roles"), rs.getString("correlation_id"),
                rs.getString("causation_id"), rs.getString("correction_reason")), args.toArray());
    }

    /** The relationship's events at these positions as shown to someone: a contact's or complaint's text opened, or erased. */
    public Map<Long, LedgerEvent> shown(String relationshipId, List<Long> positions) {
        Map<Long, LedgerEvent> shown = new HashMap<>();
        if (positions.isEmpty()) {
            return shown;
        }
        jdbc.query(c -> {
            PreparedStatement s = c.prepareStatement("SELECT a.position, a.relationship_id, a.subject, e.payload, "
                    + "e.payload_type, e.payload_revision, " + ShownEvents.TEXT_KEY_COLUMNS
                    + " FROM read_model.audit_entry a JOIN event_store.domain_event_entry e ON e.global_index = a.position"
                    + ShownEvents.TEXT_KEY_JOIN + " WHERE a.relationship_id = ? AND a.position = ANY (?)");
            s.setObject(1, UUID.fromString(relationshipId));
            s.setArray(2, c.createArrayOf("bigint", positions.toArray()));
            return s;
        }, (RowCallbackHandler) rs -> shown.put(rs.getLong("position"), shownEvents.event(rs)));
        return shown;
    }

    public boolean exists(String relationshipId) {
        Integer found = jdbc.queryForObject(
                "SELECT count(*) FROM (SELECT 1 FROM read_model.audit_entry WHERE relationship_id = ? LIMIT 1) x",
                Integer.class, UUID.fromString(relationshipId));
        return found != null && found > 0;
    }

    private LedgerEvent deserialize(byte[] payload, String type, String revision) {
        Object event = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type, revision));
        if (!(event instanceof LedgerEvent ledgerEvent)) {
            throw new IllegalStateException("not a ledger event: " + type);
        }
        return ledgerEvent;
    }
}
