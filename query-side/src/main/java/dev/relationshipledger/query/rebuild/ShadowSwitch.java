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
 * the rows that differ: one comparison of each table with its shadow (a full join on the key) collects the keys of
 * the rows not held identically on both sides; those live rows are deleted and those shadow rows inserted. A rebuild
 * that changed nothing writes nothing (rewriting a million unchanged audit rows and their eight indexes would hold
 * the live processors for most of a minute). Keys and columns come from the catalogue, so a migration that adds a
 * column to a live table and its shadow needs nothing here. The keys are collected in a temporary table, so the
 * query side's login needs PostgreSQL's TEMPORARY privilege on the database (granted to everyone by default).
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
            // Compare in key order through both primary keys (a merge join streams, whatever the size). The shadow
            // was just filled and has no statistics yet: planned by its pages, the comparison hashed one whole table
            // of wide rows, spilled it to disk and took twice as long (thirteenth round of docs/measurements.md).
            s.execute("SET LOCAL enable_hashjoin = off");
            // One comparison per table finds both the live rows to remove and the shadow rows to write: the keys of
            // every row that is not the same on both sides (missing on one side counts). Its count is analyzed, so
            // that a handful of differences is applied through the keys' indexes, not by reading both tables again.
            for (Table t : described) {
                s.execute("CREATE TEMP TABLE " + t.differences() + " ON COMMIT DROP AS SELECT " + t.keyList("t", "live_")
                        + ", " + t.keyList("n", "shadow_") + " FROM " + t.live() + " t FULL JOIN " + t.shadow()
                        + " n ON " + t.keysEqual("n", "t") + " WHERE " + t.row("n") + " IS DISTINCT FROM " + t.row("t"));
                s.execute("ANALYZE " + t.differences());
            }
            long[] deleted = new long[described.size()];
            for (int i = described.size() - 1; i >= 0; i--) {
                Table t = described.get(i);
                deleted[i] = s.executeUpdate("DELETE FROM " + t.live() + " t USING " + t.differences() + " d WHERE "
                        + t.differingKeysEqual("live_", "t"));
            }
            for (int i = 0; i < described.size(); i++) {
                Table t = described.get(i);
                long inserted = s.executeUpdate("INSERT INTO " + t.live() + " (" + t.columnList("") + ") SELECT "
                        + t.columnList("n.") + " FROM " + t.shadow() + " n JOIN " + t.differences() + " d ON "
                        + t.differingKeysEqual("shadow_", "n"));
                LOG.info("switched {}: {} rows removed or replaced, {} rows written", t.live(), deleted[i], inserted);
            }
        }
    }

    private record Table(String name, List<String> columns, List<String> keys) {

        static Table of(Connection c, String name) throws SQLException {
            String qualified = "read_model." + name;
            List<String> columns = names(c, "SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = "
                    + "?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", qualified);
            List<String> keys = names(c, "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
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

        /** The temporary table of the keys that differ, dropped when the switch commits. */
        String differences() {
            return "rebuild_differences_" + name;
        }

        String keysEqual(String alias, String other) {
            return keys.stream().map(k -> alias + "." + quoted(k) + " = " + other + "." + quoted(k))
                    .collect(Collectors.joining(" AND "));
        }

        /** The keys of the rows differing on one {@code side} ("live_" or "shadow_") equal to {@code alias}'s. */
        String differingKeysEqual(String side, String alias) {
            return keys.stream().map(k -> "d." + quoted(side + k) + " = " + alias + "." + quoted(k))
                    .collect(Collectors.joining(" AND "));
        }

        String keyList(String alias, String side) {
            return keys.stream().map(k -> alias + "." + quoted(k) + " AS " + quoted(side + k))
                    .collect(Collectors.joining(", "));
        }

        private static String quoted(String name) {
            return '"' + name.replace("\"", "\"\"") + '"';
        }

        String columnList(String prefix) {
            return columns.stream().map(column -> prefix + column).collect(Collectors.joining(", "));
        }

        String row(String alias) {
            return "ROW(" + columnList(alias + ".") + ")";
        }
    }
}
