package dev.relationshipledger.query.reputation;

import dev.relationshipledger.query.rebuild.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Plain SQL over {@code read_model.reputation_point}: the reputation timeline of every relationship. */
@Repository
public class ReputationTimeline {

    private static final RowMapper<ReputationPoint> ROW = (rs, i) -> new ReputationPoint(
            rs.getString("relationship_id"), rs.getLong("position"), rs.getString("event_type"),
            rs.getString("model"), rs.getDouble("score_before"), rs.getDouble("score_after"), rs.getDouble("points"),
            rs.getString("rule"), rs.getTimestamp("scored_at").toInstant());

    private final JdbcTemplate jdbc;
    private final String suffix;

    @org.springframework.beans.factory.annotation.Autowired
    public ReputationTimeline(JdbcTemplate jdbc) {
        this(jdbc, "");
    }

    /**
     * Over the tables named with a suffix: "" for the live tables, "_next" for the shadow tables a rebuild fills
     * while the live ones keep serving.
     */
    public ReputationTimeline(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.suffix = suffix;
    }

    private String sql(String text) {
        return suffix.isEmpty() ? text : text.replace("read_model.reputation_point", "read_model.reputation_point" + suffix);
    }

    private static final String COLUMNS =
            "relationship_id, position, event_type, model, score_before, score_after, points, rule, scored_at";

    /** Points per statement: nine arrays of this many elements. */
    public static final int ROWS_PER_STATEMENT = 1_000;

    /**
     * Inserts points; a point already stored (same relationship, position and model) is left as it is. Each
     * statement takes up to {@link #ROWS_PER_STATEMENT} points as nine arrays ({@code unnest}): about every second
     * event scores a point, and one row per statement was the largest write of a rebuild (268,534 executions, 3.2 s
     * of 17 s in PostgreSQL, docs/measurements.md, sixth round).
     */
    public void addAll(Collection<ReputationPoint> points) {
        List<ReputationPoint> all = List.copyOf(points);
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            List<ReputationPoint> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement(sql("""
                        INSERT INTO read_model.reputation_point (%s)
                        SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::numeric[], ?::numeric[],
                                             ?::numeric[], ?::text[], ?::timestamptz[])
                        ON CONFLICT (relationship_id, position, model) DO NOTHING""".formatted(COLUMNS)));
                // ids as text: the server parses each into a uuid once, and refuses a malformed one
                insert.setArray(1, array(connection, "uuid", chunk, ReputationPoint::relationshipId, String[]::new));
                insert.setArray(2, array(connection, "bigint", chunk, ReputationPoint::position, Long[]::new));
                insert.setArray(3, array(connection, "text", chunk, ReputationPoint::eventType, String[]::new));
                insert.setArray(4, array(connection, "text", chunk, ReputationPoint::model, String[]::new));
                insert.setArray(5, array(connection, "numeric", chunk, p -> stored(p.before()), String[]::new));
                insert.setArray(6, array(connection, "numeric", chunk, p -> stored(p.after()), String[]::new));
                insert.setArray(7, array(connection, "numeric", chunk, p -> stored(p.points()), String[]::new));
                insert.setArray(8, array(connection, "text", chunk, ReputationPoint::rule, String[]::new));
                insert.setArray(9, array(connection, "timestamptz", chunk, p -> CopyIn.timestamptz(p.at()),
                        String[]::new));
                return insert;
            });
        }
    }

    /**
     * Starts copying points in with one {@code COPY} ({@link CopyIn}), for a rebuild filling its empty shadow table:
     * a third of what inserting them costs PostgreSQL (docs/measurements.md, seventeenth round).
     */
    public Copy copy() {
        return new Copy(CopyIn.into(jdbc, sql("read_model.reputation_point"), COLUMNS));
    }

    /** A {@code COPY} of points in progress. */
    public static final class Copy {
        private final CopyIn rows;

        private Copy(CopyIn rows) {
            this.rows = rows;
        }

        public void write(Collection<ReputationPoint> points) {
            for (ReputationPoint p : points) {
                rows.field(p.relationshipId()).field(p.position()).field(p.eventType()).field(p.model())
                        .field(stored(p.before())).field(stored(p.after())).field(stored(p.points())).field(p.rule())
                        .field(p.at()).endRow();
            }
        }

        /** Ends the copy: every point written is in the table. */
        public void end() {
            rows.end();
        }

        /** Gives the copy up (the rebuild failed): nothing of it is stored. */
        public void abandon() {
            rows.abandon();
        }
    }

    /**
     * A score or points as the table holds them ({@code numeric(8,4)}): the shortest decimal that reads back as the
     * double, rounded half up to four decimals. Both ways of writing points send this text, so a rebuild's copy and
     * the live projection store the same values.
     */
    static String stored(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    private static <T> Array array(Connection connection, String type, List<ReputationPoint> chunk,
                                   Function<ReputationPoint, T> field, IntFunction<T[]> newArray) throws SQLException {
        return connection.createArrayOf(type, chunk.stream().map(field).toArray(newArray));
    }

    public List<ReputationPoint> of(String relationshipId, String model) {
        return jdbc.query(sql("""
                SELECT * FROM read_model.reputation_point WHERE relationship_id = ? AND model = ?
                ORDER BY position"""), ROW, UUID.fromString(relationshipId), model);
    }

    /**
     * One row per day: the average of every relationship's latest score at the end of that day; {@code null} on a
     * day no relationship had been scored yet (no relationship, no average: 0 would read as a portfolio in ruins).
     */
    public record PortfolioDay(LocalDate day, Double averageScore, int relationships) {
    }

    public List<PortfolioDay> portfolioDaily(String model, LocalDate from, LocalDate to) {
        return jdbc.query(sql("""
                SELECT d.day::date AS day, avg(last.score_after) AS average, count(last.score_after) AS relationships
                FROM generate_series(?::date, ?::date, interval '1 day') AS d(day)
                LEFT JOIN LATERAL (
                    SELECT DISTINCT ON (p.relationship_id) p.score_after
                    FROM read_model.reputation_point p
                    WHERE p.model = ? AND p.scored_at < d.day + interval '1 day'
                    ORDER BY p.relationship_id, p.scored_at DESC, p.position DESC
                ) last ON true
                GROUP BY d.day ORDER BY d.day"""),
                (rs, i) -> new PortfolioDay(rs.getDate("day").toLocalDate(), average(rs.getBigDecimal("average")),
                        rs.getInt("relationships")),
                java.sql.Date.valueOf(from), java.sql.Date.valueOf(to), model);
    }

    private static Double average(java.math.BigDecimal average) {
        return average == null ? null : average.doubleValue();
    }

    /** Whether the relationship is known to the status read model (a timeline may be empty). */
    public boolean knows(String relationshipId) {
        Integer n = jdbc.queryForObject(sql("SELECT count(*) FROM read_model.relationship_status WHERE relationship_id = ?"),
                Integer.class, UUID.fromString(relationshipId));
        return n != null && n > 0;
    }

    public void deleteAll() {
        jdbc.update(sql("DELETE FROM read_model.reputation_point"));
    }

}
