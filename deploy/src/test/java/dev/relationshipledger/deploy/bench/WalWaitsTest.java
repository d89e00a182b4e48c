package dev.relationshipledger.deploy.bench;

import dev.relationshipledger.deploy.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session-wait probe tells the command side's sessions from the query side's on a real PostgreSQL, and counts a
 * WAL stall once however long it lasts.
 */
class WalWaitsTest {

    @TempDir
    Path data;

    @Test
    @Timeout(120)
    void seesWhatEachSidesActiveSessionsWaitFor() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, AppendOrderMeasurement.freePort())) {
            ExecutorService sessions = Executors.newFixedThreadPool(3);
            try {
                WalWaits waits = WalWaits.startAfter(connect(db, "ledger-bench"), Duration.ZERO);
                List<Future<?>> sleeping = new ArrayList<>();
                for (String name : List.of("PostgreSQL JDBC Driver", "PostgreSQL JDBC Driver", "ledger-query-side/1")) {
                    sleeping.add(sessions.submit(() -> sleepIn(db, name)));
                }
                for (Future<?> session : sleeping) {
                    session.get();
                }
                WalWaits.Summary seen = waits.stop();

                assertThat(seen.samples()).isBetween(20L, 200L); // one per 10 ms while the sessions slept 1 s
                long querySleeps = seen.querySide().get("Timeout:PgSleep");
                assertThat(querySleeps).isBetween(10L, seen.samples());
                // two command sessions slept as long as the query side's one, and the probe's own is not counted
                assertThat(seen.commandSide().get("Timeout:PgSleep")).isGreaterThan(querySleeps * 3 / 2);
                assertThat(seen.walStalls()).isZero();
            } finally {
                sessions.shutdownNow();
            }
        }
    }

    @Test
    void countsAStallOnceFromItsFirstSampleToTheFirstBelowTheThreshold() {
        WalWaits.Stalls stalls = new WalWaits.Stalls(5);
        int[] waiting = {0, 5, 7, 6, 1, 0, 5, 2, 9};
        for (int i = 0; i < waiting.length; i++) {
            stalls.sample(i * 10_000_000L, waiting[i]);
        }
        stalls.close(); // sampling ended inside the third stall: it lasts until its last sample

        assertThat(stalls.count()).isEqualTo(3);
        assertThat(stalls.longestMillis()).isEqualTo(30.0);
        assertThat(stalls.totalMillis()).isEqualTo(30.0 + 10.0 + 0.0);
    }

    @Test
    void aFlushSeenInConsecutiveSamplesOfOneSessionLastedAtLeastFromTheFirstToTheLast() {
        WalWaits.Flushes flushes = new WalWaits.Flushes();
        long ms = 1_000_000L;
        flushes.sample(0, Set.of(1, 2));
        flushes.sample(10 * ms, Set.of(1));      // session 2's flush was seen once: at least 0 ms
        flushes.sample(20 * ms, Set.of(1, 2));
        flushes.sample(30 * ms, Set.of(2));      // session 1's: at least 20 ms
        flushes.sample(40 * ms, Set.of(2));
        flushes.close();                         // session 2's second: at least 20 ms, still flushing at the end

        assertThat(flushes.over20Ms()).isEqualTo(2);
        assertThat(flushes.longestMillis()).isEqualTo(20.0);
    }

    @Test
    void theWalsLockFlushesAndNewSegmentsAreWaitsForTheWal() {
        assertThat(List.of("LWLock:WALWrite", "LWLock:WALInsert", "IO:WalSync", "IO:WalWrite", "IO:WalInitWrite",
                "IO:WalInitSync")).allMatch(WalWaits::isWal);
        assertThat(List.of("CPU", "IO:DataFileRead", "IO:DataFileExtend", "Lock:transactionid", "Client:ClientRead"))
                .noneMatch(WalWaits::isWal);
    }

    private static Void sleepIn(EmbeddedDatabase db, String applicationName) throws Exception {
        try (Connection c = connect(db, applicationName); Statement s = c.createStatement()) {
            s.execute("SELECT pg_sleep(1)");
        }
        return null;
    }

    private static Connection connect(EmbeddedDatabase db, String applicationName) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(db.jdbcUrl(), properties);
    }
}
