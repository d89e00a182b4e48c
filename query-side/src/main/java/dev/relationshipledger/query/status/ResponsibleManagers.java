package dev.relationshipledger.query.status;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * The relationship managers a relationship is in the hands of: its owner and the delegates the owner named, as the
 * status projection has them now. They are the relationship managers who may record on it (the command side's
 * {@code owner-or-delegate-records} rule), so they are also the ones who may read what they recorded: its replay and
 * its negotiations.
 */
@Component
public class ResponsibleManagers {

    /**
     * SQL condition that the relationship in {@code column} is one the user, bound twice, owns or was delegated. The
     * ids are found through the status rows' owner index and the delegate table's key, and handed to the outer query
     * as an array: as an {@code IN (subquery)} the planner walked a whole audit trail backwards for a user with few
     * relationships or none (9.5 s at 2,000,000 entries; docs/measurements.md, twenty-sixth round).
     */
    public static String responsibleFor(String column) {
        return column + " = ANY (ARRAY(SELECT relationship_id FROM read_model.relationship_status WHERE owner = ?"
                + " UNION ALL SELECT relationship_id FROM read_model.relationship_delegate WHERE delegate = ?))";
    }

    private final JdbcTemplate jdbc;

    public ResponsibleManagers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the user owns the relationship or is its delegate; empty while the projection does not know it. */
    public Optional<Boolean> include(UUID relationshipId, String user) {
        return jdbc.queryForList("""
                        SELECT s.owner = ? OR EXISTS (SELECT 1 FROM read_model.relationship_delegate d
                                                      WHERE d.delegate = ? AND d.relationship_id = s.relationship_id)
                        FROM read_model.relationship_status s WHERE s.relationship_id = ?""",
                Boolean.class, user, user, relationshipId).stream().findFirst();
    }
}
