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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Memory and checkpoint spacing for a ledger rather than for PostgreSQL's 128 MB out-of-the-box defaults. A
     * projection row touches up to nine index pages spread over whole indexes; with checkpoints every gigabyte of
     * WAL each first touch after a checkpoint writes a full page image, and with 128 MB of buffers most touches read
     * a page back first. Durability is not affected. Override any of them, or add others, with {@link #parseSettings}.
     */
    static final Map<String, String> DEFAULT_SETTINGS = Map.of(
            "shared_buffers", "256MB",
            "max_wal_size", "2GB",
            "checkpoint_timeout", "15min",
            "max_connections", "200");

    private final EmbeddedPostgres server;
    private final DataDirectoryLock lock;

    private EmbeddedDatabase(EmbeddedPostgres server, DataDirectoryLock lock) {
        this.server = server;
        this.lock = lock;
    }

    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException, SQLException {
        return start(dataDirectory, port, Map.of());
    }

    /** As {@link #start(Path, int)}, with server settings that replace or add to {@link #DEFAULT_SETTINGS}. */
    public static EmbeddedDatabase start(Path dataDirectory, int port, Map<String, String> settings)
            throws IOException, SQLException {
        for (String name : settings.keySet()) {
            if (MUST_BE_ON.contains(name) || name.equals("listen_addresses") || name.equals("port")) {
                throw new IllegalArgumentException("the embedded PostgreSQL's " + name + " is not configurable");
            }
        }
        Map<String, String> tuning = new LinkedHashMap<>(DEFAULT_SETTINGS);
        tuning.putAll(settings);
        Files.createDirectories(dataDirectory);
        // held until close: a server still running on the directory is only an orphan if no launcher holds this
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
        try {
            return start(dataDirectory, port, tuning, lock);
        } catch (IOException | SQLException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedDatabase start(Path dataDirectory, int port, Map<String, String> tuning,
                                          DataDirectoryLock lock) throws IOException, SQLException {
        stopOrphanedServer(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        tuning.forEach(builder::setServerConfig);
        EmbeddedPostgres server = builder
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky starts postgres with -F (fsync off) and synchronous_commit=off; later -c options win.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost")
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(server, lock);
        try {
            database.checkDurability();
            database.createLedgerDatabase();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
        return database;
    }

    /**
     * Parses {@code name=value} pairs separated by commas, e.g. {@code shared_buffers=2GB,max_wal_size=8GB}: the
     * form of {@code LEDGER_EMBEDDED_DB_SETTINGS} and of the benchmark's {@code --database-settings}.
     */
    public static Map<String, String> parseSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return settings;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : pair.substring(0, eq).strip();
            String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
            if (!name.matches("[a-z_.]+") || value.isEmpty()) {
                throw new IllegalArgumentException("'" + pair.strip() + "' is not a PostgreSQL setting of the form"
                        + " name=value (expected e.g. shared_buffers=2GB,max_wal_size=8GB)");
            }
            settings.put(name, value);
        }
        return settings;
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
     * shut down cleanly (SIGTERM: no new clients, finish, checkpoint) before starting our own. Called only while
     * holding the {@link DataDirectoryLock}, so the server's launcher is known to be gone.
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
        try {
            server.close();
        } finally {
            lock.close();
        }
    }
}
