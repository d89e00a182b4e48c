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
import java.time.temporal.ChronoUnit;

/**
 * Rows streamed into a table by one {@code COPY … FROM STDIN}, for a rebuild filling an empty shadow table: no
 * statement per row and no conflict handling, which made a row cost PostgreSQL a third of what an {@code INSERT}
 * does (docs/measurements.md, seventeenth round). It runs on a connection of its own from the pool, or on the one
 * connection {@code jdbc} is bound to (inside its transaction). Rows are streamed as they come, so PostgreSQL stores
 * them while the next ones are prepared; they are in the table when {@link #end()} returns.
 *
 * <p>Rows are CSV: a value is quoted (its quotes doubled) and NULL is unquoted and empty, so an empty string stays
 * an empty string.
 */
public final class CsvCopy {

    private final String table;
    private final DataSource dataSource;
    private final Connection connection;
    private final PGCopyOutputStream out;
    private final Writer csv;
    private final StringBuilder line = new StringBuilder(1024);
    private boolean rowStarted;

    private CsvCopy(String table, DataSource dataSource, Connection connection, PGCopyOutputStream out) {
        this.table = table;
        this.dataSource = dataSource;
        this.connection = connection;
        this.out = out;
        this.csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Starts copying into {@code table}'s {@code columns} (comma separated, in the order each row gives them). */
    public static CsvCopy into(JdbcTemplate jdbc, String table, String columns) {
        DataSource dataSource = jdbc.getDataSource();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return new CsvCopy(table, dataSource, connection, new PGCopyOutputStream(connection.unwrap(PGConnection.class),
                    "COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv)", 1 << 16));
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw new IllegalStateException("could not start copying into " + table, e);
        }
    }

    /** The next field: {@code null} as NULL, anything else as its text, quoted. */
    public CsvCopy field(Object value) {
        separate();
        if (value != null) {
            String text = value.toString();
            line.append('"').append(text.indexOf('"') < 0 ? text : text.replace("\"", "\"\"")).append('"');
        }
        return this;
    }

    /** The next field, a time, as {@link #timestamptz(Instant)} gives it. */
    public CsvCopy field(Instant value) {
        return field(value == null ? null : (Object) timestamptz(value));
    }

    /**
     * A time as PostgreSQL is to store it: rounded half up to the microsecond, as the driver rounds a
     * {@code Timestamp} parameter. Left to PostgreSQL, a tie (…500 ns) would go to the even microsecond, and a copied
     * row could differ by a microsecond from the row the live projection inserted. ISO-8601 in UTC: no time zone of the
     * client's is involved.
     */
    public static String timestamptz(Instant value) {
        return value.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** The next field, a number. */
    public CsvCopy field(long value) {
        separate();
        line.append(value);
        return this;
    }

    /** The next field, a boolean. */
    public CsvCopy field(boolean value) {
        separate();
        line.append(value);
        return this;
    }

    private void separate() {
        if (rowStarted) {
            line.append(',');
        }
        rowStarted = true;
    }

    /** Ends the row (every column given) and sends it on. */
    public void endRow() {
        line.append('\n');
        try {
            csv.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy into " + table + ": " + e.getMessage(), e);
        }
        line.setLength(0);
        rowStarted = false;
    }

    /** Ends the copy: every row sent is in the table (committed, unless in the caller's transaction). */
    public void end() {
        try {
            csv.close();
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
