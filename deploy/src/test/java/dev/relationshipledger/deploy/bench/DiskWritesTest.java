package dev.relationshipledger.deploy.bench;

import dev.relationshipledger.deploy.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The write probe counts the pages a session added to a table between two snapshots, and only those since. */
class DiskWritesTest {

    @TempDir
    Path data;

    @Test
    void countsThePagesWrittenSinceTheFirstSnapshot() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, AppendOrderMeasurement.freePort());
             Connection probe = DriverManager.getConnection(db.jdbcUrl(), "postgres", "");
             Connection writer = DriverManager.getConnection(db.jdbcUrl(), "postgres", "");
             Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE filled (v text)");
            fill(s);
            DiskWrites before = DiskWrites.now(probe);
            fill(s);

            Map<String, Map<String, Long>> written = DiskWrites.now(probe).since(before);

            // the second fill's pages only; both together would be twice as many
            assertThat(written.get("client backend/normal").get("extended")).isBetween(400L, 800L);
            assertThat(DiskWrites.dirtyKiB()).isNotNull().isNotNegative(); // the build runs on Linux
        }
    }

    /** About 550 pages more, counted where the probe sees them. */
    private static void fill(Statement s) throws Exception {
        s.execute("INSERT INTO filled SELECT repeat('x', 200) FROM generate_series(1, 20000)");
        s.execute("SELECT pg_stat_force_next_flush()"); // reported as the session goes idle, before it answers
    }
}
