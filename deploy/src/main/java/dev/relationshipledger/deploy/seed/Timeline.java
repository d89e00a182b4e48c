package dev.relationshipledger.deploy.seed;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The recorded time of one relationship's history: from its opening to {@link #END}, spread over the events it will
 * hold, so that every history lies in the past whatever its length and business times never run ahead of it.
 */
final class Timeline {

    /** Generated histories start here... */
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** ...and are recorded by about here (a history running late goes on by seconds, see {@link #advance}). */
    static final Instant END = Instant.parse("2026-06-30T00:00:00Z");

    private final SplittableRandom random;
    private final long averageStepSeconds;
    private Instant now;

    Timeline(SplittableRandom random, Instant openedAt, long events) {
        this.random = random;
        this.now = openedAt;
        this.averageStepSeconds = Math.max(2, Duration.between(openedAt, END).toSeconds() / Math.max(1, events));
    }

    /**
     * Moves on by half to one and a half average steps, so the history ends about END; a history running late goes
     * on by seconds past END, so it never reaches the present.
     */
    Instant advance() {
        Instant next = now.plusSeconds(averageStepSeconds / 2 + random.nextLong(averageStepSeconds + 1));
        now = next.isAfter(END) ? now.plusSeconds(1) : next;
        return now;
    }

    /** A second later, for events recorded by one command right after another. */
    Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    Instant now() {
        return now;
    }

    /** A business time up to a day before now (a fact recorded after it happened), never before {@code notBefore}. */
    Instant backdated(Instant notBefore) {
        Instant at = now.minusSeconds(random.nextLong(86_400));
        return at.isBefore(notBefore) ? notBefore : at;
    }

    LocalDate today() {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
