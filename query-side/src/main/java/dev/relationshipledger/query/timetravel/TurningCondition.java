package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.query.fold.RelationshipState;

import java.time.Instant;

/**
 * What a turning point looks for ({@code status:DORMANT}, {@code reputation-below:40}, {@code event:...}): whether it
 * holds for a state at an instant, after an event or (event null) with time passing. Time alone can make a status
 * true: a relationship goes DORMANT ninety days after it was last heard of, with no event at that moment.
 */
public interface TurningCondition {

    boolean holds(RelationshipState state, HistoryEvent event, Instant at);

    /**
     * When a condition that did not hold at {@code from} but holds at {@code until}, with no event in between,
     * became true: only time passed, so the condition says when (dormancy: 90 days after the last contact).
     */
    default Instant becameTrue(RelationshipState state, Instant from, Instant until) {
        return until;
    }
}
