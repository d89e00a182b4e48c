package dev.relationshipledger.query.status;

import dev.relationshipledger.query.fold.RelationshipState;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Plain SQL over {@code read_model.relationship_delegate} (or its shadow): the delegates of each relationship, as its
 * folded state has them. Written only for relationships whose delegates changed, so the status rows' own updates
 * stay as cheap as before.
 */
final class RelationshipDelegates {

    private final JdbcTemplate jdbc;
    private final String table;

    RelationshipDelegates(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.table = "read_model.relationship_delegate" + suffix;
    }

    /** Makes the table hold exactly the given states' delegates for their relationships. */
    void replace(Collection<RelationshipState> states) {
        if (states.isEmpty()) {
            return;
        }
        UUID[] ids = states.stream().map(s -> UUID.fromString(s.relationshipId())).toArray(UUID[]::new);
        jdbc.update(c -> {
            var delete = c.prepareStatement("DELETE FROM " + table + " WHERE relationship_id = ANY (?)");
            delete.setArray(1, c.createArrayOf("uuid", ids));
            return delete;
        });
        List<Object[]> rows = new ArrayList<>();
        for (RelationshipState state : states) {
            UUID id = UUID.fromString(state.relationshipId());
            state.delegates().forEach(delegate -> rows.add(new Object[] {delegate, id}));
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + table + " (delegate, relationship_id) VALUES (?, ?)", rows);
        }
    }

    void deleteAll() {
        jdbc.update("DELETE FROM " + table);
    }
}
