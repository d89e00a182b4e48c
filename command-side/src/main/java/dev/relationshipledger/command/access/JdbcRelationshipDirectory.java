package dev.relationshipledger.command.access;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The command side's own small view of relationships ({@code event_store.relationship_directory}), kept by a
 * subscribing processor: it is written in the same transaction that appends the relationship's events, so it is
 * never behind the event store the commands are checked against.
 */
@Component
@ProcessingGroup(JdbcRelationshipDirectory.PROCESSING_GROUP)
public class JdbcRelationshipDirectory implements RelationshipDirectory {

    public static final String PROCESSING_GROUP = "relationship-directory";

    private final JdbcTemplate jdbc;

    public JdbcRelationshipDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<DirectoryEntry> find(RelationshipId relationshipId) {
        List<DirectoryEntry> rows = jdbc.query(
                "SELECT owner, delegates, closed FROM event_store.relationship_directory WHERE relationship_id = ?",
                (rs, i) -> new DirectoryEntry(relationshipId, UserName.of(rs.getString("owner")),
                        names(rs.getArray("delegates")), rs.getBoolean("closed")),
                relationshipId.value());
        return rows.stream().findFirst();
    }

    @EventHandler
    void on(RelationshipOpened event) {
        jdbc.update("INSERT INTO event_store.relationship_directory (relationship_id, owner, delegates, closed) "
                + "VALUES (?, ?, '{}', false) ON CONFLICT (relationship_id) DO NOTHING",
                event.relationshipId().value(), event.owner().value());
    }

    @EventHandler
    void on(OwnerReassigned event) {
        // The new owner is no delegate any more (as in the aggregate): should ownership move on again later, a
        // delegation left behind here would still let them record.
        jdbc.update("UPDATE event_store.relationship_directory SET owner = ?, delegates = array_remove(delegates, ?) "
                + "WHERE relationship_id = ?", event.newOwner().value(), event.newOwner().value(),
                event.relationshipId().value());
    }

    @EventHandler
    void on(AccessDelegated event) {
        jdbc.update("UPDATE event_store.relationship_directory SET delegates = array_append(array_remove(delegates, ?), ?) "
                + "WHERE relationship_id = ?", event.delegate().value(), event.delegate().value(), event.relationshipId().value());
    }

    @EventHandler
    void on(DelegationRevoked event) {
        jdbc.update("UPDATE event_store.relationship_directory SET delegates = array_remove(delegates, ?) WHERE relationship_id = ?",
                event.delegate().value(), event.relationshipId().value());
    }

    @EventHandler
    void on(RelationshipClosed event) {
        setClosed(event.relationshipId().value(), true);
    }

    @EventHandler
    void on(RelationshipReopened event) {
        setClosed(event.relationshipId().value(), false);
    }

    private void setClosed(UUID id, boolean closed) {
        jdbc.update("UPDATE event_store.relationship_directory SET closed = ? WHERE relationship_id = ?", closed, id);
    }

    private static Set<UserName> names(Array array) throws java.sql.SQLException {
        if (array == null) {
            return Set.of();
        }
        return Arrays.stream((String[]) array.getArray()).map(UserName::of).collect(Collectors.toSet());
    }
}
