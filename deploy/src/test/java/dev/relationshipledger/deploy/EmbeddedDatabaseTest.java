package dev.relationshipledger.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded default is durable, keeps its data across restarts, recovers from a launcher killed with -9, and runs
 * with the ledger's memory settings unless told otherwise (never with durability switched off).
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path data;

    @Test
    void runsDurableAndKeepsDataAcrossRestarts() throws Exception {
        int port = freePort();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port)) {
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                assertThat(setting(s, "fsync")).isEqualTo("on");
                assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('survives')");
            }
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port);
             Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives");
        }
    }

    @Test
    void runsWithTheLedgersMemorySettingsAndTakesOverrides() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, freePort(),
                EmbeddedDatabase.parseSettings("shared_buffers=64MB, work_mem=8MB"));
             Connection c = connect(db); Statement s = c.createStatement()) {
            assertThat(setting(s, "shared_buffers")).isEqualTo("64MB");
            assertThat(setting(s, "work_mem")).isEqualTo("8MB");
            assertThat(setting(s, "max_wal_size")).isEqualTo(EmbeddedDatabase.DEFAULT_SETTINGS.get("max_wal_size"));
            assertThat(setting(s, "checkpoint_timeout")).isEqualTo(EmbeddedDatabase.DEFAULT_SETTINGS.get("checkpoint_timeout"));
            assertThat(setting(s, "max_connections")).isEqualTo("200");
            assertThat(setting(s, "fsync")).isEqualTo("on");
        }
    }

    @Test
    void refusesToTouchDurabilityAndNamesAMalformedSetting() {
        assertThatThrownBy(() -> EmbeddedDatabase.start(data, freePort(), Map.of("fsync", "off")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fsync is not configurable");
        assertThatThrownBy(() -> EmbeddedDatabase.start(data, freePort(), Map.of("synchronous_commit", "off")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("synchronous_commit");
        assertThatThrownBy(() -> EmbeddedDatabase.parseSettings("shared_buffers 2GB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'shared_buffers 2GB'");
        assertThatThrownBy(() -> EmbeddedDatabase.parseSettings("shared_buffers="))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EmbeddedDatabase.parseSettings(" ")).isEmpty();
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aServerLeftBehindByALauncherKilledWithSigkillIsStoppedAndItsDataKept() throws Exception {
        int port = freePort();
        Process launcher = childLauncher(port);
        launcher.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs, postgres stays up
        assertThat(data.resolve("postmaster.pid")).exists();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port);
             Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("acknowledged");
        }
    }

    /**
     * A second launcher on the data directory of one still running used to take the running one's server for an
     * orphan and shut it down under it. Now it refuses to start, and the running server goes on.
     */
    @Test
    void aSecondLauncherOnTheDataDirectoryOfARunningOneRefusesAndLeavesItsServerAlone() throws Exception {
        int port = freePort();
        Process launcher = childLauncher(port);
        try {
            assertThatThrownBy(() -> EmbeddedDatabase.start(data, freePort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by a running ledger (process " + launcher.pid() + ")");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/ledger",
                    EmbeddedDatabase.SUPERUSER, ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).as("the running launcher's server still serves").isTrue();
            }
        } finally {
            launcher.destroyForcibly().waitFor();
        }
        // its launcher gone, the server left behind is an orphan again: stopped and taken over
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port);
             Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
        }
    }

    /**
     * In one process too: a second start on the same directory is refused without opening the lock file (closing any
     * handle to it would drop the first one's lock), and the lock is free again once the first is closed.
     */
    @Test
    void aSecondStartInTheSameProcessIsRefusedAndTheFirstKeepsItsLock() throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(data)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("process " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data)).isInstanceOf(IllegalStateException.class);
        }
        DataDirectoryLock.acquire(data).close();
    }

    /** The real launcher says so in one sentence on its error stream, and exits 1 without touching anything. */
    @Test
    void theLauncherOnADataDirectoryInUseSaysSoInASentence() throws Exception {
        Path postgres = data.resolve("postgres");
        Process running = childLauncher(postgres, freePort());
        try {
            ProcessBuilder launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LedgerLauncher.class.getName())
                    .redirectErrorStream(true);
            launcher.environment().put("LEDGER_DATA_DIR", data.toString());
            launcher.environment().put("LEDGER_EMBEDDED_DB_PORT", Integer.toString(freePort()));
            launcher.environment().remove("LEDGER_DB_URL");
            Process second = launcher.start();
            String output;
            try (var out = second.getInputStream()) {
                output = new String(out.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(second.waitFor()).as(output).isEqualTo(1);
            assertThat(output).contains("Relationship Ledger did not start: the data directory " + data
                    + " is in use by a running ledger (process " + running.pid() + ")").doesNotContain("\tat ");
        } finally {
            running.destroyForcibly().waitFor();
        }
    }

    /** A launcher in a process of its own on {@link #data}, once its database is up and holds a row. */
    private Process childLauncher(int port) throws Exception {
        return childLauncher(data, port);
    }

    private Process childLauncher(Path directory, int port) throws Exception {
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledLauncher.class.getName(),
                directory.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        // not closed: the child would die writing to a closed pipe
        BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.equals(KilledLauncher.READY)) {
            // start-up output
        }
        assertThat(line).as("the child launcher reported ready").isEqualTo(KilledLauncher.READY);
        return launcher;
    }

    private static Connection connect(EmbeddedDatabase db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.SUPERUSER, "");
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
