package dev.relationshipledger.query.status;

import dev.relationshipledger.query.rebuild.RebuildTarget;
import dev.relationshipledger.query.rebuild.StoredEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The status projection's part in a rebuild: the states, reputation points and checkpoints folded by
 * {@link StatusFolding} into the shadow tables. The points and checkpoints are written at every flush (the bulk
 * pass streams the points in with one {@code COPY}, the largest write of a rebuild after the audit trail), each state
 * once after the pass (one upsert per touched relationship and flush had been the rebuild's largest write, seventh
 * round), unless more than {@code ledger.rebuild.max-held-states} are held: then they are written and forgotten, so
 * memory stays bounded however many relationships the ledger has.
 */
@Component
public class RelationshipStatusRebuild implements RebuildTarget {

    private final StatusFolding folding;
    private final int maxHeldStates;

    public RelationshipStatusRebuild(StatusFolding folding,
                                     @Value("${ledger.rebuild.max-held-states:20000}") int maxHeldStates) {
        if (maxHeldStates < 1) {
            throw new IllegalArgumentException("ledger.rebuild.max-held-states is at least 1, not " + maxHeldStates);
        }
        this.folding = folding;
        this.maxHeldStates = maxHeldStates;
    }

    @Override
    public String projection() {
        return RelationshipStatusProjection.NAME;
    }

    @Override
    public List<String> tables() {
        return List.of("relationship_status", "relationship_delegate", "reputation_point", "state_checkpoint");
    }

    @Override
    public Pass pass(JdbcTemplate through, boolean fromEmpty) {
        StatusFolding.Batch batch = folding.batch("_next", through);
        if (fromEmpty) {
            batch.copyPoints();
        }
        return new Pass() {
            @Override
            public void fold(List<StoredEvent> events) {
                batch.prefetch(events.stream().map(e -> e.event().relationshipId().toString()).toList());
                for (StoredEvent e : events) {
                    batch.apply(e.event(), e.position(), e.recordedAt());
                }
            }

            @Override
            public void flushPart() {
                if (batch.heldStates() > maxHeldStates) {
                    batch.flushAndForget();
                } else {
                    batch.flushHistory();
                }
            }

            @Override
            public void finish() {
                batch.flush();
                batch.endPointCopy();
            }

            @Override
            public void abandon() {
                batch.abandonPointCopy();
            }
        };
    }
}
