package dev.relationshipledger.deploy.reliability;

import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.query.store.ProjectionProgress;
import org.axonframework.serialization.json.JacksonSerializer;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The query side's read models as stored, seen from outside the application: how far each projection has got (its
 * tokens), every read-model table as sorted rows, and a full rebuild (tokens and rows deleted, the query side
 * started afresh to replay the whole ledger). Tables and processors are found in the database, so projections added
 * later are covered without changing the tests.
 */
public final class ReadModels {

    private final String jdbcUrl;
    private final ProjectionProgress progress;

    public ReadModels(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(DedicatedPostgres.SUPERUSER);
        this.progress = new ProjectionProgress(new JdbcTemplate(dataSource),
                JacksonSerializer.builder().objectMapper(LedgerJson.newMapper()).build());
    }

    private Connection connect() throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl, DedicatedPostgres.SUPERUSER, "");
    }

    public List<String> processors() throws SQLException {
        return strings("SELECT DISTINCT processor_name FROM read_model.token_entry ORDER BY 1");
    }

    public List<String> tables() throws SQLException {
        return strings("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'read_model' AND table_type = 'BASE TABLE'
                  AND table_name NOT IN ('token_entry', 'flyway_history') ORDER BY 1""");
    }

    public long lastPosition() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until every projection has handled every event stored now. */
    public void awaitCaughtUp(Duration timeout) throws SQLException {
        long position = lastPosition();
        List<String> processors = processors();
        if (processors.isEmpty()) {
            throw new IllegalStateException("no projection has stored a token yet");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (String processor : processors) {
                all &= position == 0 || safeCovers(processor, position);
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the projections " + processors + " did not reach position " + position
                        + " within " + timeout);
            }
            ChildApplication.sleep(100);
        }
    }

    private boolean safeCovers(String processor, long position) {
        try {
            return progress.covers(processor, position, null);
        } catch (RuntimeException e) {
            return false; // a token being rewritten, or the database restarting
        }
    }

    /** Every read-model table's rows, each as one line of its columns, sorted. */
    public Map<String, List<String>> snapshot() throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String table : tables()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM read_model." + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(" | ");
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /** Deletes every projection's rows and tokens (the query side must be stopped), so that a start replays all. */
    public void forgetEverything() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + String.join(", ", tables().stream().map(t -> "read_model." + t).toList()));
            s.execute("DELETE FROM read_model.token_entry");
        }
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
