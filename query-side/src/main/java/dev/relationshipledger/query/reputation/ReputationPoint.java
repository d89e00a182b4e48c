package dev.relationshipledger.query.reputation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * One change of a relationship's reputation: the score just before the event (decayed to its time), after it, the
 * points and rule of the model that explain the difference, and the event that caused it.
 *
 * <p>Scores and points have the four decimals the timeline table keeps ({@code numeric(8,4)}), however the point
 * was made: a timeline re-scored on request (model v2) reads like one stored by the projection, not like the fold's
 * floating point arithmetic.
 */
public record ReputationPoint(String relationshipId, long position, String eventType, String model, double before,
                              double after, double points, String rule, Instant at) {

    public ReputationPoint {
        before = asStored(before);
        after = asStored(after);
        points = asStored(points);
    }

    /** Rounded as PostgreSQL rounds into {@code numeric(8,4)}: half away from zero. */
    static double asStored(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
