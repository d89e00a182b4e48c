package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.fold.RelationshipSummary;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The full view of a relationship at an instant: the same summary the status API answers, plus its complaints,
 * negotiations, contracts, people, delegates and reputation.
 */
public record RelationshipView(RelationshipSummary summary,
                               Map<String, RelationshipState.ComplaintState> complaints,
                               Map<String, RelationshipState.NegotiationState> negotiations,
                               Map<String, RelationshipState.ContractState> contracts,
                               Map<String, String> people,
                               Set<String> delegates,
                               RelationshipState.ReputationState reputation) {

    public static RelationshipView of(RelationshipState state, Instant at) {
        return new RelationshipView(RelationshipSummary.of(state, at), new TreeMap<>(state.complaints()),
                new TreeMap<>(state.negotiations()), new TreeMap<>(state.contracts()), new TreeMap<>(state.people()),
                new java.util.TreeSet<>(state.delegates()), shown(state.reputation()));
    }

    /** The score as the summary shows it, so that a step's changes say 52.0 → 47.0, not 46.99999821721484. */
    private static RelationshipState.ReputationState shown(RelationshipState.ReputationState reputation) {
        return reputation == null ? null : new RelationshipState.ReputationState(reputation.model(),
                RelationshipSummary.shownScore(reputation.score()), reputation.asOf());
    }
}
