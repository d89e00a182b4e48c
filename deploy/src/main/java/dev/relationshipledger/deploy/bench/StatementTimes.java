package dev.relationshipledger.deploy.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which statements PostgreSQL spent a measurement's time in ({@code pg_stat_statements}), when the server preloads
 * it ({@code --database-settings shared_preload_libraries=pg_stat_statements}); without it, nothing is counted and the
 * answer says so. A statement's time is its execution's, from start to end: a {@code COPY FROM STDIN} also counts
 * the time it waited for the client's rows.
 */
final class StatementTimes {

    private final Profiler.Connections connections;

    StatementTimes(Profiler.Connections connections) {
        this.connections = connections;
    }

    /** Starts counting afresh; false when the server does not preload {@code pg_stat_statements}. */
    boolean reset() throws SQLException {
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW shared_preload_libraries")) {
                rs.next();
                if (!rs.getString(1).contains("pg_stat_statements")) {
                    return false;
                }
            }
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            return true;
        }
    }

    /** The {@code limit} statements that took the most time since {@link #reset()}. */
    List<Map<String, Object>> top(int limit) throws SQLException {
        List<Map<String, Object>> top = new ArrayList<>();
        try (Connection c = connections.open(); PreparedStatement s = c.prepareStatement("""
                SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160), calls, total_exec_time, mean_exec_time,
                       rows, shared_blks_read, wal_bytes, wal_fpi
                FROM pg_stat_statements
                ORDER BY total_exec_time DESC LIMIT ?""")) {
            s.setInt(1, limit);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("query", rs.getString(1));
                row.put("calls", rs.getLong(2));
                row.put("totalMs", Math.round(rs.getDouble(3)));
                row.put("meanMs", rs.getDouble(4));
                row.put("rows", rs.getLong(5));
                row.put("sharedBlocksRead", rs.getLong(6));
                row.put("walBytes", rs.getLong(7));
                row.put("walFullPageImages", rs.getLong(8));
                top.add(row);
            }
        }
        return top;
    }
}
