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
     * SQL query of the ids of the relationships the user, bound twice, owns or was delegated: through the status
     * rows' owner index and the delegate table's key, whatever the number of relationships.
     */
    public static final String RESPONSIBLE_FOR = "SELECT relationship_id FROM read_model.relationship_status WHERE owner = ?"
            + " UNION ALL SELECT relationship_id FROM read_model.relationship_delegate WHERE delegate = ?";

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
