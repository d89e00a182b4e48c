package dev.relationshipledger.support.config;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Range checks of the {@code ledger.*} settings, made where a setting is read so that a value out of range stops the
 * start-up with a message naming the property and its allowed range (as {@code ledger.chain.verify-every} and
 * {@code ledger.processors.niceness} do), instead of being accepted and misbehaving later: a negative retention that
 * forgets every Idempotency-Key at once, a negative body limit that refuses every command.
 */
public final class SettingRange {

    /** A PostgreSQL duration as the command side passes it to the server: a number and an optional unit. */
    private static final Pattern POSTGRES_DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|min|h|d)?\\s*");

    private SettingRange() {
    }

    /** A duration above zero. */
    public static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " is a duration > 0, not " + value);
        }
        return value;
    }

    /** A duration of zero or more; {@code zeroMeans} is what 0 stands for, as documented where it is defined. */
    public static Duration notNegative(String property, Duration value, String zeroMeans) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(property + " is a duration >= 0 (0: " + zeroMeans + "), not " + value);
        }
        return value;
    }

    /** A whole number of at least {@code min}. */
    public static long atLeast(String property, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(property + " is at least " + min + ", not " + value);
        }
        return value;
    }

    /** A whole number of at least {@code min}, as an int. */
    public static int atLeast(String property, int value, int min) {
        return (int) atLeast(property, (long) value, min);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static int between(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " is from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    /**
     * A PostgreSQL duration above zero (PostgreSQL takes 0 as "no limit"): a number with an optional unit of us, ms,
     * s, min, h or d (no unit: milliseconds), e.g. {@code 10s}, {@code 500ms}, {@code 2min}.
     */
    public static String positivePostgresDuration(String property, String value) {
        Matcher m = value == null ? null : POSTGRES_DURATION.matcher(value);
        if (m == null || !m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new IllegalArgumentException(property + " is a PostgreSQL duration > 0 (a number and one of the units "
                    + "us, ms, s, min, h, d, e.g. 10s or 500ms), not " + value);
        }
        return value;
    }

    /**
     * Checks the settings an environment binds, each only where it is set: the defaults live where the properties
     * are defined (the sides' yml files), not here again.
     */
    public static Bound in(Environment environment) {
        return new Bound(Binder.get(environment));
    }

    /** Range checks of bound properties; each throws {@link IllegalArgumentException} naming the property. */
    public static final class Bound {

        private final Binder binder;

        private Bound(Binder binder) {
            this.binder = binder;
        }

        public Bound positive(String property) {
            binder.bind(property, Duration.class).ifBound(value -> SettingRange.positive(property, value));
            return this;
        }

        /** A positive duration Axon or another library holds as an int of milliseconds. */
        public Bound positiveIntMillis(String property) {
            binder.bind(property, Duration.class).ifBound(value -> {
                SettingRange.positive(property, value);
                if (value.toMillis() > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(property + " is a duration > 0 of at most "
                            + Duration.ofMillis(Integer.MAX_VALUE) + ", not " + value);
                }
            });
            return this;
        }

        public Bound notNegative(String property, String zeroMeans) {
            binder.bind(property, Duration.class).ifBound(value -> SettingRange.notNegative(property, value, zeroMeans));
            return this;
        }

        public Bound atLeast(String property, long min) {
            binder.bind(property, Long.class).ifBound(value -> SettingRange.atLeast(property, value, min));
            return this;
        }

        public Bound between(String property, int min, int max) {
            binder.bind(property, Integer.class).ifBound(value -> SettingRange.between(property, value, min, max));
            return this;
        }

        public Bound positivePostgresDuration(String property) {
            binder.bind(property, String.class).ifBound(value -> SettingRange.positivePostgresDuration(property, value));
            return this;
        }
    }
}
