package dev.relationshipledger.kernel.validation;

import java.util.List;

/**
 * A message or value object was built with values that break its own rules. Carries every violated field so
 * that an API can name them all in one answer instead of one per round trip.
 */
public final class InvalidValue extends IllegalArgumentException {

    /** The field name a single-value type (an id, a name) reports: the value itself is wrong. */
    public static final String SELF = "value";

    private final List<Violation> violations;

    public InvalidValue(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    public static InvalidValue of(String field, String message) {
        return new InvalidValue(List.of(new Violation(field, message)));
    }

    /** A single-value type refused its value. */
    public static InvalidValue ofSelf(String message) {
        return of(SELF, message);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        StringBuilder text = new StringBuilder();
        for (Violation v : violations) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(v.field()).append(": ").append(v.message());
        }
        return text.toString();
    }

    /** One broken rule: the field (dotted path inside the message) and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
