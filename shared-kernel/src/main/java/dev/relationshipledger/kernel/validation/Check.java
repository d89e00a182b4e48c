package dev.relationshipledger.kernel.validation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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

    /** An immutable copy of a list, with null read as empty. */
    public static <T> List<T> listOf(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
