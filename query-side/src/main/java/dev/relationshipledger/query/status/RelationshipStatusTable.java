package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.query.fold.RelationshipStatus;
import dev.relationshipledger.query.fold.RelationshipView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Plain SQL over {@code read_model.relationship_status}; one row per relationship, the fold's view flattened. */
@Repository
public class RelationshipStatusTable {

    private static final RowMapper<RelationshipView> ROW = (rs, i) -> new RelationshipView(
            rs.getString("relationship_id"),
            rs.getString("counterparty_name"),
            CounterpartyKind.valueOf(rs.getString("counterparty_kind")),
            rs.getString("segment"),
            rs.getString("owner"),
            Tier.valueOf(rs.getString("tier")),
            RelationshipStatus.valueOf(rs.getString("status")),
            instant(rs.getTimestamp("opened_at")),
            instant(rs.getTimestamp("last_contact_at")),
            rs.getInt("contact_count"),
            rs.getLong("last_position"),
            instant(rs.getTimestamp("last_recorded_at")));

    private final JdbcTemplate jdbc;

    public RelationshipStatusTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<RelationshipView> find(String relationshipId) {
        List<RelationshipView> rows = jdbc.query(
                "SELECT * FROM read_model.relationship_status WHERE relationship_id = ?", ROW, UUID.fromString(relationshipId));
        return rows.stream().findFirst();
    }

    /** Writes the view; the position guard makes a replayed or re-delivered event a no-op. */
    public void save(RelationshipView view) {
        jdbc.update("""
                INSERT INTO read_model.relationship_status AS s
                    (relationship_id, counterparty_name, counterparty_kind, segment, owner, tier, status,
                     opened_at, last_contact_at, contact_count, last_position, last_recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (relationship_id) DO UPDATE SET
                    counterparty_name = excluded.counterparty_name, counterparty_kind = excluded.counterparty_kind,
                    segment = excluded.segment, owner = excluded.owner, tier = excluded.tier, status = excluded.status,
                    opened_at = excluded.opened_at, last_contact_at = excluded.last_contact_at,
                    contact_count = excluded.contact_count, last_position = excluded.last_position,
                    last_recorded_at = excluded.last_recorded_at
                WHERE s.last_position < excluded.last_position
                """,
                UUID.fromString(view.relationshipId()), view.counterpartyName(), view.kind().name(), view.segment(),
                view.owner(), view.tier().name(), view.status().name(), timestamp(view.openedAt()),
                timestamp(view.lastContactAt()), view.contactCount(), view.lastPosition(),
                timestamp(view.lastRecordedAt()));
    }

    public void deleteAll() {
        jdbc.update("DELETE FROM read_model.relationship_status");
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
