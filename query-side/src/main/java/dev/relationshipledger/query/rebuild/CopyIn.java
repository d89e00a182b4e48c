package dev.relationshipledger.query.rebuild;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Rows streamed into a table by one {@code COPY … FROM STDIN}, for a rebuild filling an empty shadow table: no
 * statement per row and no conflict handling, which made a row cost PostgreSQL a third of what an {@code INSERT}
 * does (docs/measurements.md, seventeenth round). It runs on a connection of its own from the pool, or on the one
 * connection {@code jdbc} is bound to (inside its transaction). Rows are streamed as they come, so PostgreSQL stores
 * them while the next ones are prepared; they are in the table when {@link #end()} returns.
 *
 * <p>Rows are in COPY's text format: fields separated by tabs, NULL as {@code \N}, and only a backslash, tab, newline
 * or carriage return escaped. CSV had to double every quote of every JSON payload, on both sides of the connection
 * (docs/measurements.md, nineteenth round).
 */
public final class CopyIn {

    private final String table;
    private final DataSource dataSource;
    private final Connection connection;
    private final PGCopyOutputStream out;
    private final Writer rows;
    private final StringBuilder line = new StringBuilder(1024);
    private boolean rowStarted;

    private CopyIn(String table, DataSource dataSource, Connection connection, PGCopyOutputStream out) {
        this.table = table;
        this.dataSource = dataSource;
        this.connection = connection;
        this.out = out;
        this.rows = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Starts copying into {@code table}'s {@code columns} (comma separated, in the order each row gives them). */
    public static CopyIn into(JdbcTemplate jdbc, String table, String columns) {
        DataSource dataSource = jdbc.getDataSource();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return new CopyIn(table, dataSource, connection, new PGCopyOutputStream(connection.unwrap(PGConnection.class),
                    "COPY " + table + " (" + columns + ") FROM STDIN", 1 << 16));
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw new IllegalStateException("could not start copying into " + table, e);
        }
    }

    /** The next field: {@code null} as NULL, anything else as its text. */
    public CopyIn field(Object value) {
        separate();
        if (value == null) {
            line.append("\\N");
        } else {
            escaped(value.toString());
        }
        return this;
    }

    private void escaped(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf('\t') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            line.append(text);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
    }

    /** The next field, a time, as {@link #timestamptz(Instant)} gives it. */
    public CopyIn field(Instant value) {
        separate();
        if (value == null) {
            line.append("\\N");
        } else {
            timestamptz(value, line);
        }
        return this;
    }

    /**
     * A time as PostgreSQL is to store it: rounded half up to the microsecond, as the driver rounds a
     * {@code Timestamp} parameter. Left to PostgreSQL, a tie (…500 ns) would go to the even microsecond, and a copied
     * row could differ by a microsecond from the row the live projection inserted. ISO-8601 in UTC: no time zone of the
     * client's is involved.
     */
    public static String timestamptz(Instant value) {
        return timestamptz(value, new StringBuilder(27)).toString();
    }

    /**
     * Written digit by digit: {@code Instant.toString} went through a general formatter and cost a copy more than
     * anything else it wrote but the payload (nineteenth round). Years outside 1–9999 are left to it.
     */
    private static StringBuilder timestamptz(Instant value, StringBuilder to) {
        Instant t = value.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        long seconds = t.getEpochSecond();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (day.getYear() < 1 || day.getYear() > 9999) {
            return to.append(t);
        }
        int second = (int) Math.floorMod(seconds, 86_400);
        digits(to, day.getYear(), 4).append('-');
        digits(to, day.getMonthValue(), 2).append('-');
        digits(to, day.getDayOfMonth(), 2).append('T');
        digits(to, second / 3600, 2).append(':');
        digits(to, second / 60 % 60, 2).append(':');
        digits(to, second % 60, 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            digits(to.append('.'), micros, 6);
        }
        return to.append('Z');
    }

    private static StringBuilder digits(StringBuilder to, int value, int width) {
        for (int limit = width == 6 ? 100_000 : width == 4 ? 1_000 : 10; limit > 1 && value < limit; limit /= 10) {
            to.append('0');
        }
        return to.append(value);
    }

    /** The next field, a number. */
    public CopyIn field(long value) {
        separate();
        line.append(value);
        return this;
    }

    /** The next field, a boolean. */
    public CopyIn field(boolean value) {
        separate();
        line.append(value);
        return this;
    }

    private void separate() {
        if (rowStarted) {
            line.append('\t');
        }
        rowStarted = true;
    }

    /** Ends the row (every column given) and sends it on. */
    public void endRow() {
        line.append('\n');
        try {
            rows.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy into " + table + ": " + e.getMessage(), e);
        }
        line.setLength(0);
        rowStarted = false;
    }

    /** Ends the copy: every row sent is in the table (committed, unless in the caller's transaction). */
    public void end() {
        try {
            rows.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy into " + table + ": " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Gives the copy up (the rebuild failed): nothing of it is stored, and the connection is released. */
    public void abandon() {
        try {
            if (out.isActive()) {
                out.cancelCopy();
            }
        } catch (SQLException e) {
            // the pool discards a broken connection
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
