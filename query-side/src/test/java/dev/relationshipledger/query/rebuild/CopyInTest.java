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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row copied in by a rebuild holds what the live projection's insert stores for the same values, on a real
 * PostgreSQL: times with nanoseconds (the command side's clock has them), and text with whatever a user typed.
 */
class CopyInTest {

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
            s.execute("CREATE TEMPORARY TABLE texts (n integer PRIMARY KEY, words text, document jsonb)");
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
        CopyIn copy = CopyIn.into(jdbc, "times", "n, how, at");
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
        assertThat(TIMES.stream().map(CopyIn::timestamptz).toList()).containsExactly(
                "2026-03-01T09:00:00Z", "2026-03-01T09:00:00.000001Z", "2026-03-01T09:00:00.123457Z",
                "2026-03-01T09:00:00.123458Z", "2026-03-01T09:00:00.123456Z", "2026-03-01T09:00:00.123457Z",
                "2026-03-01T09:00:01Z", "2026-03-01T09:00:00.273081Z", "2026-03-01T09:00:00.508866Z");
    }

    /** Written digit by digit, a time reads back as the same instant as {@code Instant.toString} gives it. */
    @Test
    void aTimeAsTextIsTheInstantRoundedWhateverItsDigits() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant any = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            Instant rounded = any.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
            assertThat(Instant.parse(CopyIn.timestamptz(any))).as("%s", any).isEqualTo(rounded);
        }
        assertThat(CopyIn.timestamptz(Instant.parse("0999-01-02T03:04:05.000060Z"))).isEqualTo("0999-01-02T03:04:05.000060Z");
        assertThat(CopyIn.timestamptz(Instant.parse("-0001-12-31T23:59:59Z"))).isEqualTo("-0001-12-31T23:59:59Z");
    }

    /** Text format: what COPY would take for a delimiter, a line's end, an escape or NULL arrives as typed. */
    @Test
    void textArrivesAsTyped() throws SQLException {
        List<String> typed = Arrays.asList("plain", "", null, "tab\there", "line\nbreak\r\n", "back\\slash",
                "\\N", "\\.", "quote \"said\"", "semi;colon,comma", "ümlaut € 漢字", "\\\t\\n");
        List<String> documents = Arrays.asList("{\"a\": 1}", "{\"text\": \"a \\\"quoted\\\" word\\n\"}", null,
                "{\"path\": \"C:\\\\temp\"}", "[]", "{}", "\"\\t\"", "{\"n\": 1.50}", "true", "{\"u\": \"\\u00e9\"}",
                "{\n\t\"pretty\": [1,\r\n 2]\n}", "null");
        CopyIn copy = CopyIn.into(jdbc, "texts", "n, words, document");
        for (int n = 0; n < typed.size(); n++) {
            copy.field(n).field(typed.get(n)).field(documents.get(n)).endRow();
        }
        copy.end();

        List<String> stored = new ArrayList<>();
        List<String> storedDocuments = new ArrayList<>();
        jdbc.query("SELECT words, document::text FROM texts ORDER BY n", rs -> {
            stored.add(rs.getString(1));
            storedDocuments.add(rs.getString(2));
        });
        assertThat(stored).isEqualTo(typed);
        for (int n = 0; n < documents.size(); n++) {
            String expected = documents.get(n) == null ? null
                    : jdbc.queryForObject("SELECT ?::jsonb::text", String.class, documents.get(n));
            assertThat(storedDocuments.get(n)).as("document %d", n).isEqualTo(expected);
        }
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
