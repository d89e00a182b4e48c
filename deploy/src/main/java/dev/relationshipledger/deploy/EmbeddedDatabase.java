package dev.relationshipledger.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server run from a Maven artifact, with its data in a directory that survives restarts and with
 * the durability a ledger needs. The library's defaults (fsync off, synchronous_commit off) lose acknowledged data
 * on a crash, so both are switched on and checked after start-up: the ledger refuses to run without them.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "ledger";
    static final String SUPERUSER = "postgres";
    private static final List<String> MUST_BE_ON = List.of("fsync", "synchronous_commit", "full_page_writes");

    private final EmbeddedPostgres server;

    private EmbeddedDatabase(EmbeddedPostgres server) {
        this.server = server;
    }

    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException, SQLException {
        Files.createDirectories(dataDirectory);
        stopOrphanedServer(dataDirectory);
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky starts postgres with -F (fsync off) and synchronous_commit=off; later -c options win.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "localhost")
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(server);
        try {
            database.checkDurability();
            database.createLedgerDatabase();
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
    }

    public int port() {
        return server.getPort();
    }

    private void checkDurability() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            for (String setting : MUST_BE_ON) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        throw new IllegalStateException("embedded PostgreSQL runs with " + setting + "="
                                + rs.getString(1) + "; the ledger needs it on");
                    }
                }
            }
        }
    }

    private void createLedgerDatabase() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE);
            LOG.info("created database {}", DATABASE);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + server.getPort() + "/" + database,
                SUPERUSER, "");
    }

    /**
     * After a {@code kill -9} of the launcher its PostgreSQL keeps running and holds the data directory. Ask it to
     * shut down cleanly (SIGTERM: no new clients, finish, checkpoint) before starting our own.
     */
    static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return; // unreadable: postgres itself will judge the lock file
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()
                || !process.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
            return;
        }
        LOG.warn("a PostgreSQL server (pid {}) from an earlier run still holds {}; stopping it cleanly", pid, dataDirectory);
        process.get().destroy();
        try {
            process.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the earlier PostgreSQL server (pid " + pid + ") did not stop; stop it by hand", e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
