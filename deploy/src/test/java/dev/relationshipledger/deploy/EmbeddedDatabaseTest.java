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

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default is durable, keeps its data across restarts and recovers from a launcher killed with -9. */
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
    void aServerLeftBehindByALauncherKilledWithSigkillIsStoppedAndItsDataKept() throws Exception {
        int port = freePort();
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledLauncher.class.getName(),
                data.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(KilledLauncher.READY)) {
                // start-up output
            }
            assertThat(line).as("the child launcher reported ready").isEqualTo(KilledLauncher.READY);
            launcher.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs, postgres stays up
        }
        assertThat(data.resolve("postmaster.pid")).exists();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, port);
             Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("acknowledged");
        }
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
