package dev.relationshipledger.query.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes live tables hold exactly the rows of their shadow copies, inside the caller's transaction, by changing only
 * the rows that differ: rows the shadow does not hold identically are deleted, shadow rows whose key is then missing
 * are inserted. A rebuild that changed nothing writes nothing (rewriting a million unchanged audit rows and their
 * eight indexes would hold the live processors for most of a minute). Keys and columns come from the catalogue, so
 * a migration that adds a column to a live table and its shadow needs nothing here.
 */
final class ShadowSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowSwitch.class);

    private ShadowSwitch() {
    }

    /** {@code tables}: parents before the tables whose keys point at them (foreign keys are checked at commit). */
    static void replace(Connection c, List<String> tables) throws SQLException {
        List<Table> described = new ArrayList<>();
        for (String table : tables) {
            described.add(Table.of(c, table));
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET CONSTRAINTS ALL DEFERRED");
            long[] deleted = new long[described.size()];
            for (int i = described.size() - 1; i >= 0; i--) {
                Table t = described.get(i);
                deleted[i] = s.executeUpdate("DELETE FROM " + t.live() + " t WHERE NOT EXISTS (SELECT 1 FROM "
                        + t.shadow() + " n WHERE " + t.keysEqual() + " AND " + t.row("n") + " IS NOT DISTINCT FROM "
                        + t.row("t") + ")");
            }
            for (int i = 0; i < described.size(); i++) {
                Table t = described.get(i);
                long inserted = s.executeUpdate("INSERT INTO " + t.live() + " (" + t.columnList("") + ") SELECT "
                        + t.columnList("n.") + " FROM " + t.shadow() + " n WHERE NOT EXISTS (SELECT 1 FROM "
                        + t.live() + " t WHERE " + t.keysEqual() + ")");
                LOG.info("switched {}: {} rows removed or replaced, {} rows written", t.live(), deleted[i], inserted);
            }
        }
    }

    private record Table(String name, List<String> columns, List<String> keys) {

        static Table of(Connection c, String name) throws SQLException {
            String qualified = "read_model." + name;
            List<String> columns = names(c, "SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = "
                    + "?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", qualified);
            List<String> keys = names(c, "SELECT quote_ident(a.attname) FROM pg_index i JOIN pg_attribute a "
                    + "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ?::regclass "
                    + "AND i.indisprimary ORDER BY a.attnum", qualified);
            if (keys.isEmpty()) {
                throw new IllegalStateException(qualified + " has no primary key: its rows cannot be matched");
            }
            return new Table(name, columns, keys);
        }

        private static List<String> names(Connection c, String sql, String table) throws SQLException {
            List<String> names = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        }

        String live() {
            return "read_model." + name;
        }

        String shadow() {
            return "read_model." + name + "_next";
        }

        String keysEqual() {
            return keys.stream().map(k -> "n." + k + " = t." + k).collect(Collectors.joining(" AND "));
        }

        String columnList(String prefix) {
            return columns.stream().map(column -> prefix + column).collect(Collectors.joining(", "));
        }

        String row(String alias) {
            return "ROW(" + columnList(alias + ".") + ")";
        }
    }
}
