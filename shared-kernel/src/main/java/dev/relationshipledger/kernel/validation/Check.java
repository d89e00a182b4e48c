package dev.relationshipledger.kernel.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Collects the violations of one message's constructor and throws them together. Records call it from their compact
 * constructors, so an invalid command or event cannot exist at all.
 *
 * <pre>
 * Check.that()
 *      .notBlank("summary", summary, 4000)
 *      .notNull("channel", channel)
 *      .done();
 * </pre>
 */
public final class Check {

    /** Longest free text a single field accepts; longer text belongs in an attached document, not an event. */
    public static final int LONG_TEXT = 4000;
    /** Longest name-like value (counterparty, person, user). */
    public static final int NAME = 200;

    private final List<InvalidValue.Violation> violations = new ArrayList<>();

    private Check() {
    }

    public static Check that() {
        return new Check();
    }

    public Check notNull(String field, Object value) {
        if (value == null) {
            violations.add(new InvalidValue.Violation(field, "is required"));
        }
        return this;
    }

    public Check notBlank(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            violations.add(new InvalidValue.Violation(field, "is required and must not be blank"));
        } else {
            maxLength(field, value, maxLength);
        }
        return this;
    }

    public Check maxLength(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            violations.add(new InvalidValue.Violation(field, "must be at most " + maxLength + " characters"));
        }
        return this;
    }

    public Check maxSize(String field, Collection<?> value, int maxSize) {
        if (value != null && value.size() > maxSize) {
            violations.add(new InvalidValue.Violation(field, "must hold at most " + maxSize + " entries"));
        }
        return this;
    }

    /** Every element of a list must be a non-blank text of bounded length. */
    public Check eachNotBlank(String field, Collection<String> values, int maxLength) {
        if (values == null) {
            return this;
        }
        int i = 0;
        for (String value : values) {
            notBlank(field + "[" + i + "]", value, maxLength);
            i++;
        }
        return this;
    }

    public Check notAfter(String field, Instant value, Instant limit, String limitName) {
        if (value != null && limit != null && value.isAfter(limit)) {
            violations.add(new InvalidValue.Violation(field, "must not be after " + limitName));
        }
        return this;
    }

    /** A business time a client gave: inside {@link LedgerTime}'s span, if given. */
    public Check inLedgerTime(String field, Instant value) {
        if (value != null && !LedgerTime.contains(value)) {
            violations.add(new InvalidValue.Violation(field, "must be " + LedgerTime.SPAN));
        }
        return this;
    }

    /** A business date a client gave: inside {@link LedgerTime}'s span, if given. */
    public Check inLedgerTime(String field, LocalDate value) {
        if (value != null && !LedgerTime.contains(value)) {
            violations.add(new InvalidValue.Violation(field, "must be " + LedgerTime.SPAN));
        }
        return this;
    }

    /** Every element of a list must be present. */
    public Check eachNotNull(String field, Collection<?> values) {
        if (values == null) {
            return this;
        }
        int i = 0;
        for (Object value : values) {
            notNull(field + "[" + i + "]", value);
            i++;
        }
        return this;
    }

    public Check isTrue(boolean condition, String field, String message) {
        if (!condition) {
            violations.add(new InvalidValue.Violation(field, message));
        }
        return this;
    }

    /** Runs a nested check (e.g. a value object's) and records its violations under a path prefix. */
    public <T> Check nested(String field, T value, Function<T, ?> validation) {
        if (value == null) {
            return this;
        }
        try {
            validation.apply(value);
        } catch (InvalidValue nested) {
            nested.violations().forEach(v -> violations.add(new InvalidValue.Violation(field + "." + v.field(), v.message())));
        }
        return this;
    }

    public void done() {
        if (!violations.isEmpty()) {
            throw new InvalidValue(violations);
        }
    }

    /** Trims a text value, keeping null as null; used so that stored texts carry no accidental whitespace. */
    public static String trimmed(String value) {
        return value == null ? null : value.strip();
    }

    /**
     * An unmodifiable copy of a list, with null read as empty. Null elements are kept, for the caller's check to name
     * them ({@link #eachNotBlank}, {@link #eachNotNull}): a client's {@code [null]} is a 400 that says where, not a
     * NullPointerException.
     */
    public static <T> List<T> listOf(List<T> value) {
        return value == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(value));
    }
}
