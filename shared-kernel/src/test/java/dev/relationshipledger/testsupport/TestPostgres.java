package dev.relationshipledger.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (the embedded one, from a Maven artifact), and a fresh database per
 * caller, so that test classes never see each other's events. Tests may run it without fsync: they prove
 * behaviour, not durability; the launcher runs it durable.
 */
public final class TestPostgres {

    public static final String SUPERUSER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
            }
        }
        return server;
    }

    /** Creates an empty database and answers its JDBC URL. */
    public static String freshDatabase(String purpose) {
        String name = (purpose.replaceAll("[^a-zA-Z0-9]", "_") + "_" + DATABASES.incrementAndGet()).toLowerCase();
        try (Connection c = superuserConnection("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return jdbcUrl(name);
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database;
    }

    public static Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** A connection to the database behind {@code jdbcUrl} as the given role (the embedded server trusts local logins). */
    public static Connection connectAs(String jdbcUrl, String role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, role, "");
    }
}
