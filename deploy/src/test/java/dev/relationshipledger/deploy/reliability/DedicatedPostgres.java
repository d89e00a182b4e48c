package dev.relationshipledger.deploy.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A PostgreSQL server of a test's own (the embedded one from the Maven artifact, with its data under
 * {@code target/reliability}), which the test may shut down the hard way and start again on the same data and port,
 * as a database host that crashes and comes back.
 *
 * <p>{@code synchronous_commit=on}: a commit is acknowledged only once its WAL is written, so an immediate shutdown
 * (which loses shared memory, not the operating system's page cache) keeps every acknowledged commit. {@code fsync}
 * stays off as in every test: the operating system does not crash here.
 */
public final class DedicatedPostgres implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    public DedicatedPostgres() {
        this.dataDirectory = Path.of("target", "reliability", "pg-" + UUID.randomUUID()).toAbsolutePath();
        this.port = ChildApplication.freePort();
        start();
    }

    private void start() {
        try {
            Files.createDirectories(dataDirectory);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Creates a database and answers its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /**
     * {@code pg_ctl stop -m immediate}: SIGQUIT to the postmaster, which ends every backend at once without a
     * checkpoint; the next start runs crash recovery from the WAL.
     */
    public void stopImmediately() {
        long pid = postmasterPid().orElseThrow(() -> new IllegalStateException("no postmaster runs in " + dataDirectory));
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
            kill.waitFor();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            server.close(); // releases the library's lock on the directory; its own stop finds nothing to stop
        } catch (IOException ignored) {
            // expected: the server is gone
        }
    }

    /** Starts the server again on the same data and port. */
    public void restart() {
        start();
    }

    private Optional<Long> postmasterPid() {
        try {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
