package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row copied in by a rebuild holds what the live projection's insert stores for the same values: here, times
 * with nanoseconds (the command side's clock has them), on a real PostgreSQL.
 */
class CsvCopyTest {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    /** Whole microseconds, ties, either side of a tie, a tie that rounds into the next second, clock readings. */
    static final List<Instant> TIMES = List.of(T0, T0.plusNanos(1_000), T0.plusNanos(123_456_500),
            T0.plusNanos(123_457_500), T0.plusNanos(123_456_499), T0.plusNanos(123_456_501),
            T0.plusNanos(999_999_500), T0.plusNanos(273_081_183), T0.plusNanos(508_866_154));

    static Connection connection;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void connect() throws SQLException {
        String url = TestPostgres.freshDatabase("csv_copy");
        connection = TestPostgres.superuserConnection(url.substring(url.lastIndexOf('/') + 1));
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        try (Statement s = connection.createStatement()) {
            s.execute("SET TIME ZONE 'Europe/Berlin'"); // stored times do not depend on the session's zone
            s.execute("CREATE TEMPORARY TABLE times (n integer, how text, at timestamptz, PRIMARY KEY (n, how))");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @Test
    void aCopiedTimeIsStoredAsATimestampParameterIs() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO times VALUES (?, 'parameter', ?)")) {
            for (int n = 0; n < TIMES.size(); n++) {
                insert.setInt(1, n);
                insert.setTimestamp(2, Timestamp.from(TIMES.get(n)));
                insert.executeUpdate();
            }
        }
        CsvCopy copy = CsvCopy.into(jdbc, "times", "n, how, at");
        for (int n = 0; n < TIMES.size(); n++) {
            copy.field(n).field("copy").field(TIMES.get(n)).endRow();
        }
        copy.field(TIMES.size()).field("copy").field((Instant) null).endRow();
        copy.end();

        Map<Integer, String> asParameters = stored("parameter");
        Map<Integer, String> asCopied = stored("copy");
        assertThat(asCopied).hasSize(TIMES.size() + 1).containsEntry(TIMES.size(), null);
        asCopied.remove(TIMES.size());
        assertThat(asCopied).isEqualTo(asParameters);
        assertThat(asParameters).containsEntry(2, "2026-03-01 09:00:00.123457+00")
                .containsEntry(6, "2026-03-01 09:00:01+00");
    }

    @Test
    void aTimeAsTextIsRoundedToTheMicrosecondHalfUp() {
        assertThat(TIMES.stream().map(CsvCopy::timestamptz).toList()).containsExactly(
                "2026-03-01T09:00:00Z", "2026-03-01T09:00:00.000001Z", "2026-03-01T09:00:00.123457Z",
                "2026-03-01T09:00:00.123458Z", "2026-03-01T09:00:00.123456Z", "2026-03-01T09:00:00.123457Z",
                "2026-03-01T09:00:01Z", "2026-03-01T09:00:00.273081Z", "2026-03-01T09:00:00.508866Z");
    }

    /** Why the copy rounds times itself: PostgreSQL, given the nanoseconds, rounds a tie to the even microsecond. */
    @Test
    void leftToPostgreSQLATieRoundsToTheEvenMicrosecond() {
        assertThat(jdbc.queryForObject("SELECT (?::timestamptz AT TIME ZONE 'UTC')::text", String.class,
                TIMES.get(2).toString())).isEqualTo("2026-03-01 09:00:00.123456");
    }

    /** The stored times, as UTC text. */
    private static Map<Integer, String> stored(String how) {
        Map<Integer, String> times = new TreeMap<>();
        jdbc.query("SELECT n, (at AT TIME ZONE 'UTC')::text || CASE WHEN at IS NULL THEN '' ELSE '+00' END "
                + "FROM times WHERE how = ?", rs -> {
            times.put(rs.getInt(1), rs.getString(2));
        }, how);
        return times;
    }
}
