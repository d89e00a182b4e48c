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
     * SQL condition on {@code read_model.relationship_status s}: the user, bound twice, owns it or is one of its
     * delegates (the state's {@code delegates} array).
     */
    public static final String OWNER_OR_DELEGATE = "(s.owner = ? OR s.state -> 'delegates' @> jsonb_build_array(?::text))";

    private final JdbcTemplate jdbc;

    public ResponsibleManagers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the user owns the relationship or is its delegate; empty while the projection does not know it. */
    public Optional<Boolean> include(UUID relationshipId, String user) {
        return jdbc.queryForList("SELECT " + OWNER_OR_DELEGATE + " FROM read_model.relationship_status s"
                        + " WHERE s.relationship_id = ?", Boolean.class, user, user, relationshipId)
                .stream().findFirst();
    }
}
