package dev.relationshipledger.query.status;

import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.fold.RelationshipSummary;
import dev.relationshipledger.query.web.Cursor;
import dev.relationshipledger.query.web.Page;
import dev.relationshipledger.kernel.validation.InvalidValue;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Answers list queries over {@code relationship_status} with keyset pagination. */
@Repository
public class RelationshipStatusQueries {

    /** The status as of "?", by the SQL function the migration defines from StatusRules (shared with the BI views). */
    static final String STATUS_AT = "read_model.relationship_status_at(base_status, dormant_from, ?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RelationshipStatusQueries(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Page<RelationshipSummary> list(StatusQuery query) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("SELECT state, (" + query.sort().expression
                + ")::text AS sort_value, relationship_id FROM read_model.relationship_status WHERE true");
        List<Object> args = new ArrayList<>();
        if (query.owner() != null) {
            sql.append(" AND owner = ?");
            args.add(query.owner());
        }
        if (query.kind() != null) {
            sql.append(" AND counterparty_kind = ?");
            args.add(query.kind().name());
        }
        if (query.tier() != null) {
            sql.append(" AND tier = ?");
            args.add(query.tier().name());
        }
        if (query.status() != null) {
            sql.append(" AND ").append(STATUS_AT).append(" = ?");
            args.add(Timestamp.from(now));
            args.add(query.status().name());
        }
        if (query.text() != null) {
            sql.append(" AND counterparty_name ILIKE ? ESCAPE '\\'");
            args.add("%" + query.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        String direction = query.descending() ? "DESC" : "ASC";
        if (query.after() != null) {
            sql.append(" AND (").append(query.sort().expression).append(", relationship_id) ")
                    .append(query.descending() ? "<" : ">")
                    .append(" (CAST(? AS ").append(query.sort().type).append("), CAST(? AS uuid))");
            args.add(query.after().value());
            args.add(query.after().id());
        }
        sql.append(" ORDER BY ").append(query.sort().expression).append(' ').append(direction)
                .append(", relationship_id ").append(direction).append(" LIMIT ?");
        args.add(query.limit() + 1);

        List<Row> rows;
        try {
            rows = jdbc.query(sql.toString(), (rs, i) -> new Row(RelationshipStatusTable.read(rs.getString(1)),
                    rs.getString(2), rs.getString(3)), args.toArray());
        } catch (DataIntegrityViolationException e) {
            if (query.after() == null) {
                throw e;
            }
            // the cursor's value or id is not of the sort key's type: PostgreSQL refused the cast (SQL state 22xxx)
            throw InvalidValue.of("cursor", "is not a cursor this API handed out");
        }
        boolean more = rows.size() > query.limit();
        List<Row> page = more ? rows.subList(0, query.limit()) : rows;
        String next = more ? new Cursor(query.sortName(), page.get(page.size() - 1).sortValue(),
                page.get(page.size() - 1).id()).encode() : null;
        return new Page<>(page.stream().map(r -> RelationshipSummary.of(r.state(), now)).toList(), next, query.limit());
    }

    private record Row(RelationshipState state, String sortValue, String id) {
    }
}
