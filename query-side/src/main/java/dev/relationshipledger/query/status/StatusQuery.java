package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.query.fold.RelationshipStatus;
import dev.relationshipledger.query.web.Cursor;
import dev.relationshipledger.query.web.QueryParameters;

import java.util.Map;
import java.util.Set;

/**
 * A validated list query over relationship statuses: filters, one sort key from an allow-list (prefix {@code -}
 * for descending), a capped page size and a keyset cursor. Nothing from the request reaches SQL but bound
 * parameters and the allow-listed sort expressions.
 */
public record StatusQuery(String owner, CounterpartyKind kind, RelationshipStatus status, Tier tier, String text,
                          SortKey sort, boolean descending, int limit, Cursor after, Long atLeast) {

    public static final Set<String> PARAMETERS = Set.of("owner", "kind", "status", "tier", "q", "sort", "limit",
            "cursor", "atLeast");

    /** The sort keys a client may name, with their SQL expression (never null) and its type for cursor values. */
    public enum SortKey {
        counterpartyName("lower(counterparty_name)", "text"),
        openedAt("opened_at", "timestamptz"),
        lastContactAt("coalesce(last_contact_at, '-infinity'::timestamptz)", "timestamptz"),
        reputation("reputation", "numeric"),
        openComplaints("open_complaints", "integer"),
        nextRenewalOrExpiry("coalesce(next_renewal_or_expiry, 'infinity'::date)", "date");

        final String expression;
        final String type;

        SortKey(String expression, String type) {
            this.expression = expression;
            this.type = type;
        }
    }

    public static StatusQuery from(Map<String, String> parameters) {
        QueryParameters p = new QueryParameters(parameters, PARAMETERS);
        String owner = p.text("owner");
        if (owner != null) {
            try {
                owner = UserName.of(owner).value();
            } catch (InvalidValue e) {
                throw InvalidValue.of("owner", "is not a user name");
            }
        }
        String sortText = p.text("sort");
        boolean descending = sortText != null && sortText.startsWith("-");
        SortKey sort = SortKey.counterpartyName;
        if (sortText != null) {
            try {
                sort = SortKey.valueOf(descending ? sortText.substring(1) : sortText);
            } catch (IllegalArgumentException e) {
                throw InvalidValue.of("sort", "must be one of " + java.util.Arrays.toString(SortKey.values())
                        + ", optionally prefixed with - for descending");
            }
        }
        Cursor cursor = Cursor.decode(p.text("cursor"));
        if (cursor != null && !cursor.sort().equals((descending ? "-" : "") + sort.name())) {
            throw InvalidValue.of("cursor", "belongs to another sort order");
        }
        return new StatusQuery(owner, p.enumValue("kind", CounterpartyKind.class),
                p.enumValue("status", RelationshipStatus.class), p.enumValue("tier", Tier.class), p.text("q"), sort,
                descending, p.limit(), cursor, p.longValue("atLeast"));
    }

    String sortName() {
        return (descending ? "-" : "") + sort.name();
    }
}
