package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.message.LedgerEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A versioned way of scoring a relationship's reputation from its events. Everything that decides a score lives in
 * an implementation of this interface (docs/reputation-model.md describes each version); the fold only asks it.
 * Scores are bounded to [{@link #MIN}, {@link #MAX}] and decay toward {@link #NEUTRAL} between events.
 */
public interface ReputationModel {

    double MIN = 0;
    double MAX = 100;
    double NEUTRAL = 50;

    /** A stable name such as {@code v1}; stored with every score so each number can be traced to its rules. */
    String version();

    /** The effect of an event on the score, given the relationship's state before it; empty if it has none. */
    Optional<Effect> effectOf(LedgerEvent event, RelationshipState before);

    /** How long it takes for a score's distance from neutral to halve without new events. */
    Duration halfLife();

    /** The score a relationship starts with when it is opened. */
    default double initial() {
        return NEUTRAL;
    }

    /** The score {@code elapsed} after it was {@code score}, with no event in between. */
    default double decay(double score, Instant from, Instant to) {
        if (from == null || to == null || !to.isAfter(from)) {
            return score;
        }
        double halfLives = (double) Duration.between(from, to).toSeconds() / halfLife().toSeconds();
        return NEUTRAL + (score - NEUTRAL) * Math.pow(0.5, halfLives);
    }

    static double bounded(double score) {
        return Math.max(MIN, Math.min(MAX, score));
    }

    /** One rule's effect: how many points, and the rule's name (shown beside every timeline point). */
    record Effect(double points, String rule) {
    }
}
