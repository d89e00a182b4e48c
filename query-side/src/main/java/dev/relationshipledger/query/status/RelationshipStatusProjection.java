package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.relationship.RelationshipEvent;
import dev.relationshipledger.query.fold.EventFacts;
import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.RelationshipView;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps {@code relationship_status} current: each relationship event is folded into the stored view with the one
 * fold. Runs in the {@value #NAME} processing group; its token commits with its rows.
 */
@Component
@ProcessingGroup(RelationshipStatusProjection.NAME)
public class RelationshipStatusProjection {

    public static final String NAME = "relationship-status";

    private final RelationshipStatusTable table;

    public RelationshipStatusProjection(RelationshipStatusTable table) {
        this.table = table;
    }

    @EventHandler
    void on(RelationshipEvent event, @Timestamp Instant recordedAt, TrackingToken token) {
        long position = Positions.of(token);
        RelationshipView before = table.find(event.relationshipId().toString()).orElse(null);
        if (before != null && before.lastPosition() >= position) {
            return; // already applied: a replay or a re-delivery after a token steal
        }
        table.save(RelationshipFold.apply(before, event, new EventFacts(position, recordedAt)));
    }

    @ResetHandler
    void reset() {
        table.deleteAll();
    }
}
