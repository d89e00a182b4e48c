package dev.relationshipledger.query.status;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.UUID;

/**
 * Plain SQL over {@code read_model.relationship_delegate} (or its shadow): the delegates of each relationship, as its
 * status row holds them. Written only for relationships whose delegates changed, so the status rows' own updates
 * stay as cheap as before.
 */
final class RelationshipDelegates {

    private final JdbcTemplate jdbc;
    private final String table;
    private final String statuses;

    RelationshipDelegates(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.table = "read_model.relationship_delegate" + suffix;
        this.statuses = "read_model.relationship_status" + suffix;
    }

    /**
     * Makes the table hold, for the given relationships, the delegates of their status rows as stored. Call it after
     * the rows were written in the same transaction: copied from the row that won the status table's position guard,
     * not from a batch's folded state, the delegates cannot fall behind a newer row (a live batch that folded a
     * delegation before a rebuild's switch wrote a later revocation would otherwise write the delegation back).
     */
    void copyFromStatus(Collection<String> relationshipIds) {
        if (relationshipIds.isEmpty()) {
            return;
        }
        UUID[] ids = relationshipIds.stream().map(UUID::fromString).toArray(UUID[]::new);
        jdbc.update(c -> {
            var delete = c.prepareStatement("DELETE FROM " + table + " WHERE relationship_id = ANY (?)");
            delete.setArray(1, c.createArrayOf("uuid", ids));
            return delete;
        });
        jdbc.update(c -> {
            var insert = c.prepareStatement("INSERT INTO " + table + " (delegate, relationship_id)"
                    + " SELECT d.delegate, s.relationship_id FROM " + statuses + " s,"
                    + " jsonb_array_elements_text(s.state -> 'delegates') AS d (delegate)"
                    + " WHERE s.relationship_id = ANY (?)");
            insert.setArray(1, c.createArrayOf("uuid", ids));
            return insert;
        });
    }

    void deleteAll() {
        jdbc.update("DELETE FROM " + table);
    }
}
