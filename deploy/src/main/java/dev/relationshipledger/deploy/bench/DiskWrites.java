package dev.relationshipledger.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data pages PostgreSQL wrote between two snapshots of {@code pg_stat_io} (PostgreSQL 16 and later), by writer,
 * and how many of them it wrote back, that is told the kernel to put on the disk now ({@code *_flush_after}); and
 * the host's dirty page cache. Pages written without a writeback wait in the page cache until the kernel writes them
 * out, seconds later and in bursts, and a commit's WAL flush can then wait behind such a burst: the tenth round's
 * S2 tail. Counters are as the sessions last reported them (at most once a second).
 */
final class DiskWrites {

    private static final String WRITES = """
            SELECT backend_type || '/' || context, sum(writes), sum(writebacks), sum(extends)
            FROM pg_stat_io WHERE object = 'relation' GROUP BY 1""";
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    /** Writer ("backend type/context") → {pages written, pages written back, pages extended}. */
    private final Map<String, long[]> pages;
    private final Long dirtyKiB;

    private DiskWrites(Map<String, long[]> pages, Long dirtyKiB) {
        this.pages = pages;
        this.dirtyKiB = dirtyKiB;
    }

    static DiskWrites now(Connection connection) throws SQLException {
        Map<String, long[]> pages = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(WRITES)) {
            while (rs.next()) {
                pages.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        return new DiskWrites(pages, dirtyKiB());
    }

    /** The host's dirty page cache in KiB, or null where there is no {@code /proc/meminfo}. */
    static Long dirtyKiB() {
        try {
            return Files.readAllLines(MEMINFO).stream().filter(line -> line.startsWith("Dirty:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    Long dirtyKiBAtSnapshot() {
        return dirtyKiB;
    }

    /** Pages written, written back and extended since {@code before}, by writer; writers that wrote nothing left out. */
    Map<String, Map<String, Long>> since(DiskWrites before) {
        Map<String, Map<String, Long>> delta = new LinkedHashMap<>();
        pages.forEach((writer, now) -> {
            long[] then = before.pages.getOrDefault(writer, new long[3]);
            long written = now[0] - then[0];
            long extended = now[2] - then[2];
            if (written > 0 || extended > 0) {
                Map<String, Long> counts = new LinkedHashMap<>();
                counts.put("written", written);
                counts.put("writtenBack", now[1] - then[1]);
                counts.put("extended", extended);
                delta.put(writer, counts);
            }
        });
        return delta;
    }
}
