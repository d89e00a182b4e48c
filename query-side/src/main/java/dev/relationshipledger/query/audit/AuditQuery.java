package dev.relationshipledger.query.audit;

import dev.relationshipledger.kernel.complaint.ComplaintEvent;
import dev.relationshipledger.kernel.contract.ContractEvent;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.negotiation.NegotiationEvent;
import dev.relationshipledger.kernel.relationship.RelationshipEvent;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.query.web.Cursor;
import dev.relationshipledger.query.web.QueryParameters;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A validated question to the audit trail: filters, the direction of the position order, and for pages a capped
 * size and a keyset cursor ({@code limit} 0 for an export: every matching entry); {@code responsible}, when set, the
 * relationship manager whose relationships (owned or delegated) alone are read; {@code opened}, for a page, whether
 * its entries also show their sealed values opened (decisions 0019, 0021). Nothing from the request reaches SQL but
 * bound parameters.
 *
 * <p>Time ranges are half open, {@code from} inclusive and {@code to} exclusive. Business-time filters read an event
 * that carries no business time at its recorded time (it happened when it was recorded).
 */
public record AuditQuery(UUID relationshipId, String aggregateId, String aggregateType, String actor, String type,
                         Instant recordedFrom, Instant recordedTo, Instant businessFrom, Instant businessTo,
                         String subject, boolean descending, int limit, Long after, Long atLeast,
                         boolean opened, String responsible) {

    static final String SORT = "sort";
    static final String POSITION = "position";

    /** The filters of every audit query; the history endpoints take all but the one their path names. */
    static final Set<String> FILTERS = Set.of("relationshipId", "aggregateId", "actor", "type", "recordedFrom",
            "recordedTo", "businessFrom", "businessTo", "subject");
    static final String OPENED = "opened";
    static final Set<String> PAGING = Set.of(SORT, "limit", "cursor", "atLeast", OPENED);
    static final Set<String> EXPORTING = Set.of(SORT, "atLeast");

    /** Every event type the ledger records: the payload classes' simple names. */
    public static final Set<String> EVENT_TYPES = Stream.of(RelationshipEvent.class, ComplaintEvent.class,
                    NegotiationEvent.class, ContractEvent.class)
            .flatMap(type -> Arrays.stream(type.getPermittedSubclasses()))
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));

    /** The kinds of thing an event can be about ({@code Subject.of} in the kernel's events); any other finds nothing. */
    static final Set<String> SUBJECT_KINDS = new TreeSet<>(Set.of("contact", "complaint", "proposal"));
    private static final Pattern SUBJECT = Pattern.compile("(" + String.join("|", SUBJECT_KINDS)
            + ")/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** {@code GET /audit}: any of the filters, one page. */
    public static AuditQuery page(Map<String, String> parameters) {
        return parse(parameters, union(FILTERS, PAGING), null, null, null, true);
    }

    /** {@code GET /relationships/{id}/history}: one relationship's entries, one page. */
    public static AuditQuery relationshipHistory(UUID relationshipId, Map<String, String> parameters) {
        return parse(parameters, union(without(FILTERS, "relationshipId"), PAGING), relationshipId, null, null, true);
    }

    /** {@code GET /negotiations/{id}/history}: one negotiation's entries, one page. */
    public static AuditQuery negotiationHistory(String negotiationId, Map<String, String> parameters) {
        return parse(parameters, union(without(FILTERS, "aggregateId"), PAGING), null, negotiationId, "Negotiation", true);
    }

    /** {@code GET /audit/export.*}: any of the filters, every matching entry. */
    public static AuditQuery export(Map<String, String> parameters) {
        return parse(parameters, union(FILTERS, EXPORTING), null, null, null, false);
    }

    private static AuditQuery parse(Map<String, String> parameters, Set<String> allowed, UUID relationshipId,
                                    String aggregateId, String aggregateType, boolean paged) {
        QueryParameters p = new QueryParameters(parameters, allowed);
        if (relationshipId == null) {
            String text = p.text("relationshipId");
            relationshipId = text == null ? null : uuid("relationshipId", text);
        }
        if (aggregateId == null) {
            String text = p.text("aggregateId");
            aggregateId = text == null ? null : uuid("aggregateId", text).toString();
        }
        String actor = p.text("actor");
        if (actor != null) {
            try {
                actor = UserName.of(actor).value();
            } catch (InvalidValue e) {
                throw InvalidValue.of("actor", "is not a user name");
            }
        }
        String type = p.text("type");
        if (type != null && !EVENT_TYPES.contains(type)) {
            throw InvalidValue.of("type", "must be one of " + EVENT_TYPES);
        }
        String subject = p.text("subject");
        if (subject != null && !SUBJECT.matcher(subject).matches()) {
            throw InvalidValue.of("subject", "must be <kind>/<uuid> with a kind of " + SUBJECT_KINDS
                    + ", such as contact/3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
        }
        Instant recordedFrom = p.instant("recordedFrom");
        Instant recordedTo = p.instant("recordedTo");
        ordered("recordedTo", recordedFrom, recordedTo);
        Instant businessFrom = p.instant("businessFrom");
        Instant businessTo = p.instant("businessTo");
        ordered("businessTo", businessFrom, businessTo);

        String sort = p.text(SORT);
        boolean descending = ("-" + POSITION).equals(sort);
        if (sort != null && !descending && !POSITION.equals(sort)) {
            throw InvalidValue.of(SORT, "must be position or -position");
        }
        int limit = 0;
        Long after = null;
        if (paged) {
            limit = p.limit();
            Cursor cursor = Cursor.decode(p.text("cursor"));
            if (cursor != null) {
                if (!cursor.sort().equals(sortName(descending))) {
                    throw InvalidValue.of("cursor", "belongs to another sort order");
                }
                try {
                    after = Long.parseLong(cursor.value());
                } catch (NumberFormatException e) {
                    throw InvalidValue.of("cursor", "is not a cursor this API handed out");
                }
            }
        }
        return new AuditQuery(relationshipId, aggregateId, aggregateType, actor, type, recordedFrom, recordedTo,
                businessFrom, businessTo, subject, descending, limit, after, p.longValue("atLeast"),
                paged && p.flag(OPENED), null);
    }

    /** The same question, read only for the relationships the user owns or was delegated (null: all). */
    AuditQuery restrictedTo(String user) {
        return new AuditQuery(relationshipId, aggregateId, aggregateType, actor, type, recordedFrom, recordedTo,
                businessFrom, businessTo, subject, descending, limit, after, atLeast, opened, user);
    }

    /** The cursor that continues after the entry at {@code position}. */
    String cursorAfter(long position) {
        return new Cursor(sortName(descending), Long.toString(position), "").encode();
    }

    private static String sortName(boolean descending) {
        return (descending ? "-" : "") + POSITION;
    }

    private static UUID uuid(String name, String text) {
        try {
            UUID value = UUID.fromString(text);
            if (value.toString().equalsIgnoreCase(text)) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw InvalidValue.of(name, "must be a UUID such as 3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    }

    private static void ordered(String name, Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw InvalidValue.of(name, "must be after " + name.replace("To", "From"));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> without(Set<String> all, String name) {
        Set<String> rest = new TreeSet<>(all);
        rest.remove(name);
        return rest;
    }
}
