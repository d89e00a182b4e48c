package dev.relationshipledger.query.timetravel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.query.fold.RelationshipState;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Folded states saved every {@code ledger.time-travel.checkpoint-every} events of a relationship (by the status
 * projection, which has them anyway), so that time travel folds at most that many events instead of the whole
 * history. A checkpoint serves an instant on the recorded axis when every event in it was recorded by then, and on
 * the business axis when every event in it had happened by then.
 */
@Repository
public class StateCheckpoints {

    private static final ObjectMapper JSON = LedgerJson.newMapper();
    private final JdbcTemplate jdbc;
    private final String suffix;

    @org.springframework.beans.factory.annotation.Autowired
    public StateCheckpoints(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    /**
     * Over the tables named with a suffix: "" for the live tables, "_next" for the shadow tables a rebuild fills
     * while the live ones keep serving.
     */
    public StateCheckpoints(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.suffix = suffix;
    }

    private String sql(String text) {
        return suffix.isEmpty() ? text : text.replace("read_model.state_checkpoint", "read_model.state_checkpoint" + suffix);
    }

    public void saveAll(Collection<RelationshipState> states) {
        jdbc.batchUpdate(sql("""
                INSERT INTO read_model.state_checkpoint
                    (relationship_id, position, last_recorded_at, latest_effective_time, state)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (relationship_id, position) DO NOTHING"""), states, 200, (ps, s) -> {
            ps.setObject(1, UUID.fromString(s.relationshipId()));
            ps.setLong(2, s.lastPosition());
            ps.setTimestamp(3, Timestamp.from(s.lastRecordedAt()));
            ps.setTimestamp(4, Timestamp.from(s.latestEffectiveTime()));
            PGobject json = new PGobject();
            json.setType("jsonb");
            json.setValue(write(s));
            ps.setObject(5, json);
        });
    }

    /** The latest checkpoint usable for the instant on the axis (null instant: any), not beyond a position. */
    public Optional<RelationshipState> latest(String relationshipId, Axis axis, Instant at, long notAfterPosition) {
        String column = axis == Axis.RECORDED ? "last_recorded_at" : "latest_effective_time";
        List<RelationshipState> found = jdbc.query(sql("SELECT state FROM read_model.state_checkpoint "
                        + "WHERE relationship_id = ? AND position <= ? AND (?::timestamptz IS NULL OR ") + column + " <= ?) "
                        + "ORDER BY position DESC LIMIT 1",
                (rs, i) -> read(rs.getString(1)), UUID.fromString(relationshipId), notAfterPosition,
                at == null ? null : Timestamp.from(at), at == null ? null : Timestamp.from(at));
        return found.stream().findFirst();
    }

    /**
     * Replaces a person's name in the relationship's checkpoints with how erased details read (decision 0019): the
     * checkpoints then hold what a fold of the events gives from now on, as a rebuild would write them.
     */
    public void forgetPerson(String relationshipId, String personId) {
        jdbc.update(sql("""
                UPDATE read_model.state_checkpoint SET state = jsonb_set(state, ARRAY['people', ?], to_jsonb(?::text))
                WHERE relationship_id = ? AND jsonb_exists(state -> 'people', ?)"""),
                personId, CounterpartyPerson.ERASED, UUID.fromString(relationshipId), personId);
    }

    public void deleteAll() {
        jdbc.update(sql("DELETE FROM read_model.state_checkpoint"));
    }

    private static String write(RelationshipState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RelationshipState read(String json) {
        try {
            return JSON.readValue(json, RelationshipState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable checkpoint", e);
        }
    }
}
