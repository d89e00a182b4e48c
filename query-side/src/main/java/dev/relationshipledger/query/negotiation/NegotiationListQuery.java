package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.kernel.validation.LedgerTime;
import dev.relationshipledger.query.web.Cursor;
import dev.relationshipledger.query.web.QueryParameters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A validated list query over negotiation headers: filters, one allow-listed sort key ({@code -} for descending,
 * default {@code -openedAt}), a capped page size and a keyset cursor whose values are checked before they reach SQL.
 */
public record NegotiationListQuery(UUID relationshipId, NegotiationStatus status, SortKey sort, boolean descending,
                                   int limit, Cursor after, Object afterValue, UUID afterId, Long atLeast) {

    public static final Set<String> PARAMETERS = Set.of("relationshipId", "status", "sort", "limit", "cursor",
            "atLeast");

    /** The sort keys a client may name, with their SQL expression and the Java type of the cursor value. */
    public enum SortKey {
        openedAt("opened_at"),
        subject("lower(subject)"),
        rounds("rounds");

        final String expression;

        SortKey(String expression) {
            this.expression = expression;
        }

        Object parse(String value) {
            return switch (this) {
                case openedAt -> java.sql.Timestamp.from(cursorInstant(value));
                case subject -> value;
                case rounds -> Integer.parseInt(value);
            };
        }
    }

    /** A cursor's opening instant; one outside the ledger's span was not handed out (PostgreSQL could not compare it). */
    private static Instant cursorInstant(String value) {
        Instant instant = Instant.parse(value);
        if (!LedgerTime.contains(instant)) {
            throw new IllegalArgumentException("outside " + LedgerTime.SPAN);
        }
        return instant;
    }

    public static NegotiationListQuery from(Map<String, String> parameters) {
        QueryParameters p = new QueryParameters(parameters, PARAMETERS);
        UUID relationshipId = null;
        String relationship = p.text("relationshipId");
        if (relationship != null) {
            try {
                relationshipId = RelationshipId.of(relationship).value();
            } catch (InvalidValue e) {
                throw InvalidValue.of("relationshipId", "must be a UUID such as 3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
            }
        }
        String sortText = p.text("sort");
        boolean descending = sortText == null || sortText.startsWith("-");
        SortKey sort = SortKey.openedAt;
        if (sortText != null) {
            try {
                sort = SortKey.valueOf(descending ? sortText.substring(1) : sortText);
            } catch (IllegalArgumentException e) {
                throw InvalidValue.of("sort", "must be one of " + Arrays.toString(SortKey.values())
                        + ", optionally prefixed with - for descending");
            }
        }
        String sortName = (descending ? "-" : "") + sort.name();
        Cursor cursor = Cursor.decode(p.text("cursor"));
        Object afterValue = null;
        UUID afterId = null;
        if (cursor != null) {
            if (!cursor.sort().equals(sortName)) {
                throw InvalidValue.of("cursor", "belongs to another sort order");
            }
            try {
                afterValue = sort.parse(cursor.value());
                afterId = UUID.fromString(cursor.id());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw InvalidValue.of("cursor", "is not a cursor this API handed out");
            }
        }
        return new NegotiationListQuery(relationshipId, p.enumValue("status", NegotiationStatus.class), sort,
                descending, p.limit(), cursor, afterValue, afterId, p.longValue("atLeast"));
    }

    String sortName() {
        return (descending ? "-" : "") + sort.name();
    }
}
