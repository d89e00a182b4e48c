package dev.relationshipledger.query.reputation;

import java.time.Instant;

/**
 * One change of a relationship's reputation: the score just before the event (decayed to its time), after it, the
 * points and rule of the model that explain the difference, and the event that caused it.
 */
public record ReputationPoint(String relationshipId, long position, String eventType, String model, double before,
                              double after, double points, String rule, Instant at) {
}
