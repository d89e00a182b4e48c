package dev.relationshipledger.query.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.fold.RelationshipSummary;
import dev.relationshipledger.query.fold.StatusRules;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain SQL over {@code read_model.relationship_status}: one row per relationship with the fold's state as JSON
 * and the columns the status API filters and sorts on, flattened from it.
 */
@Repository
public class RelationshipStatusTable {

    static final ObjectMapper JSON = LedgerJson.newMapper();

    private final JdbcTemplate jdbc;
    private final String suffix;

    @org.springframework.beans.factory.annotation.Autowired
    public RelationshipStatusTable(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    /**
     * Over the tables named with a suffix: "" for the live tables, "_next" for the shadow tables a rebuild fills
     * while the live ones keep serving.
     */
    public RelationshipStatusTable(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.suffix = suffix;
    }

    private String sql(String text) {
        return suffix.isEmpty() ? text : text.replace("read_model.relationship_status", "read_model.relationship_status" + suffix);
    }

    public Optional<RelationshipState> find(String relationshipId) {
        List<RelationshipState> rows = jdbc.query(
                sql("SELECT state FROM read_model.relationship_status WHERE relationship_id = ?"),
                (rs, i) -> read(rs.getString(1)), UUID.fromString(relationshipId));
        return rows.stream().findFirst();
    }

    /** The stored states of the given relationships (those that exist). */
    public Map<String, RelationshipState> findAll(Collection<String> relationshipIds) {
        Map<String, RelationshipState> found = new HashMap<>();
        if (relationshipIds.isEmpty()) {
            return found;
        }
        UUID[] ids = relationshipIds.stream().map(UUID::fromString).toArray(UUID[]::new);
        jdbc.query(c -> {
            var s = c.prepareStatement(sql("SELECT state FROM read_model.relationship_status WHERE relationship_id = ANY (?)"));
            s.setArray(1, c.createArrayOf("uuid", ids));
            return s;
        }, rs -> {
            RelationshipState state = read(rs.getString(1));
            found.put(state.relationshipId(), state);
        });
        return found;
    }

    /** Writes the states; the position guard makes a replayed or re-delivered event a no-op. */
    public void saveAll(Collection<RelationshipState> states) {
        jdbc.batchUpdate(sql("""
                INSERT INTO read_model.relationship_status AS s
                    (relationship_id, counterparty_name, counterparty_kind, segment, owner, tier, base_status,
                     dormant_from, opened_at, last_contact_at, contact_count, open_complaints, live_negotiations,
                     active_contracts, active_contract_value, next_renewal_or_expiry, reputation, reputation_model,
                     last_position, last_recorded_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (relationship_id) DO UPDATE SET
                    counterparty_name = excluded.counterparty_name, counterparty_kind = excluded.counterparty_kind,
                    segment = excluded.segment, owner = excluded.owner, tier = excluded.tier,
                    base_status = excluded.base_status, dormant_from = excluded.dormant_from,
                    opened_at = excluded.opened_at, last_contact_at = excluded.last_contact_at,
                    contact_count = excluded.contact_count, open_complaints = excluded.open_complaints,
                    live_negotiations = excluded.live_negotiations, active_contracts = excluded.active_contracts,
                    active_contract_value = excluded.active_contract_value,
                    next_renewal_or_expiry = excluded.next_renewal_or_expiry, reputation = excluded.reputation,
                    reputation_model = excluded.reputation_model, last_position = excluded.last_position,
                    last_recorded_at = excluded.last_recorded_at, state = excluded.state
                WHERE s.last_position < excluded.last_position
                """), states, 500, (ps, state) -> {
            RelationshipSummary summary = RelationshipSummary.of(state, state.lastRecordedAt());
            ps.setObject(1, UUID.fromString(state.relationshipId()));
            ps.setString(2, state.counterpartyName());
            ps.setString(3, state.kind().name());
            ps.setString(4, state.segment());
            ps.setString(5, state.owner());
            ps.setString(6, state.tier().name());
            ps.setString(7, StatusRules.baseStatus(state).name());
            ps.setTimestamp(8, Timestamp.from(StatusRules.dormantFrom(state)));
            ps.setTimestamp(9, timestamp(state.openedAt()));
            ps.setTimestamp(10, timestamp(state.lastContactAt()));
            ps.setInt(11, state.contactCount());
            ps.setInt(12, summary.openComplaints());
            ps.setInt(13, summary.liveNegotiations());
            ps.setInt(14, summary.activeContracts());
            ps.setObject(15, jsonb(summary.activeContractValue()));
            ps.setObject(16, summary.nextRenewalOrExpiry() == null ? null : java.sql.Date.valueOf(summary.nextRenewalOrExpiry()));
            ps.setDouble(17, summary.reputation());
            ps.setString(18, summary.reputationModel());
            ps.setLong(19, state.lastPosition());
            ps.setTimestamp(20, timestamp(state.lastRecordedAt()));
            ps.setObject(21, jsonb(state));
        });
    }

    public void deleteAll() {
        jdbc.update(sql("DELETE FROM read_model.relationship_status"));
    }

    static RelationshipState read(String json) {
        try {
            return JSON.readValue(json, RelationshipState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable relationship state", e);
        }
    }

    static PGobject jsonb(Object value) throws SQLException {
        PGobject json = new PGobject();
        json.setType("jsonb");
        try {
            json.setValue(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return json;
    }

    static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static LocalDate date(java.sql.Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
