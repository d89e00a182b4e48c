package dev.relationshipledger.query.web;

import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.kernel.validation.LedgerTime;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a query's parameters before anything reaches SQL: unknown names, bad numbers and dates, page sizes over
 * the cap are refused (400) rather than ignored, so a client never silently gets a different answer than it asked.
 */
public final class QueryParameters {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_TEXT = 100;

    private final Map<String, String> values;

    public QueryParameters(Map<String, String> values, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw InvalidValue.of(unknown.iterator().next(), "is not a known parameter; known are " + new TreeSet<>(allowed));
        }
        this.values = values;
    }

    public String text(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw InvalidValue.of(name, "must be at most " + MAX_TEXT + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw InvalidValue.of(name, "must not contain NUL characters");
        }
        return value.strip();
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw InvalidValue.of(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * An ISO-8601 instant inside the ledger's span of time ({@link LedgerTime}): Java parses instants a billion years
     * away that PostgreSQL cannot compare with a timestamp, and no answer about them could differ from one about
     * 1900 or 9999.
     */
    public Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidValue.of(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
        if (!LedgerTime.contains(instant)) {
            throw InvalidValue.of(name, "must be " + LedgerTime.SPAN);
        }
        return instant;
    }

    public Long longValue(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidValue.of(name, "must be a whole number");
        }
    }

    /** {@code true} or {@code false}; absent: false. */
    public boolean flag(String name) {
        String value = text(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw InvalidValue.of(name, "must be true or false");
    }

    public int limit() {
        Long limit = longValue("limit");
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidValue.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit.intValue();
    }
}
