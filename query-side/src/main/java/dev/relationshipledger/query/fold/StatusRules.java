package dev.relationshipledger.query.fold;

import java.time.Duration;
import java.time.Instant;

/**
 * How a relationship's status follows from its state (docs/read-models.md):
 * <ol>
 *     <li>CLOSED when it was closed;</li>
 *     <li>AT_RISK when a HIGH or CRITICAL complaint is open, or its reputation is below {@value #AT_RISK_BELOW};</li>
 *     <li>DORMANT when nothing was heard of it (no contact, or the opening) for {@link #DORMANT_AFTER};</li>
 *     <li>ACTIVE otherwise.</li>
 * </ol>
 * Dormancy depends on the instant the question is asked; the rest on the events alone.
 */
public final class StatusRules {

    public static final double AT_RISK_BELOW = 40;
    public static final Duration DORMANT_AFTER = Duration.ofDays(90);

    private StatusRules() {
    }

    /** The status before dormancy is considered: CLOSED, AT_RISK or ACTIVE. */
    public static RelationshipStatus baseStatus(RelationshipState state) {
        if (state.closed()) {
            return RelationshipStatus.CLOSED;
        }
        boolean severeOpen = state.complaints().values().stream().anyMatch(c -> c.open() && c.severe());
        // the score as readers see it (two decimals): 39.99998 shows as 40.0, which is not below 40
        if (severeOpen || RelationshipSummary.shownScore(state.reputation().score()) < AT_RISK_BELOW) {
            return RelationshipStatus.AT_RISK;
        }
        return RelationshipStatus.ACTIVE;
    }

    /**
     * From when an otherwise active relationship counts as dormant if nothing new happens, with everything the state
     * holds counted: what the status projection stores, asked about now.
     */
    public static Instant dormantFrom(RelationshipState state) {
        return dormantFrom(state, null);
    }

    /**
     * The same as of an instant ({@code null}: whenever). An opening after the instant was not yet heard of then:
     * on the business axis a contact back-dated to before the relationship was recorded brings the (later) opening
     * into the fold, but that opening cannot keep the relationship active at the earlier instant. Nothing heard of
     * by the instant at all: dormant already.
     */
    public static Instant dormantFrom(RelationshipState state, Instant instant) {
        Instant opened = instant == null || !state.openedAt().isAfter(instant) ? state.openedAt() : null;
        Instant contact = state.lastContactAt();
        Instant lastHeard = opened == null || (contact != null && contact.isAfter(opened)) ? contact : opened;
        return lastHeard == null ? instant : lastHeard.plus(DORMANT_AFTER);
    }

    public static RelationshipStatus statusAt(RelationshipState state, Instant instant) {
        RelationshipStatus base = baseStatus(state);
        return base == RelationshipStatus.ACTIVE && !instant.isBefore(dormantFrom(state, instant))
                ? RelationshipStatus.DORMANT : base;
    }
}
