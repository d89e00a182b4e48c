package dev.relationshipledger.deploy;

import dev.relationshipledger.command.chain.proof.SigningKey;
import dev.relationshipledger.deploy.seed.Seeding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar deploy/target/relationship-ledger.jar}: the whole ledger in one process. With no database
 * configured it runs an embedded PostgreSQL (durable, data under {@code LEDGER_DATA_DIR}, default
 * {@code ./ledger-data}) and loads the demo users; with {@code LEDGER_DB_URL} (or {@code spring.datasource.url}) it
 * uses that server. Ctrl-C stops the query side, then the command side, then the embedded database.
 *
 * <p>Environment: {@code LEDGER_DB_URL}, {@code LEDGER_DB_USER}, {@code LEDGER_DB_PASSWORD} (external database and
 * its schema owner), {@code LEDGER_DATA_DIR}, {@code LEDGER_EMBEDDED_DB_PORT} (default 15432),
 * {@code LEDGER_EMBEDDED_DB_SETTINGS} (PostgreSQL settings over the embedded defaults, e.g.
 * {@code shared_buffers=2GB,max_wal_size=8GB}),
 * {@code LEDGER_COMMAND_PORT} (8081), {@code LEDGER_QUERY_PORT} (8082), {@code LEDGER_DEMO_USERS} (true to load the
 * demo users with an external database too). Any other Spring property can be given as {@code --key=value}.
 * {@code --seed N [--seed-random S]} seeds an empty ledger with N relationships of demo data ({@link Seeding}).
 */
public final class LedgerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerLauncher.class);

    private LedgerLauncher() {
    }

    public static void main(String[] arguments) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        Seeding.Arguments seeding = Seeding.parse(arguments);
        String[] args = seeding.rest();
        long started = System.nanoTime();
        Map<String, String> shared = new LinkedHashMap<>();
        Map<String, String> command = new LinkedHashMap<>();
        EmbeddedDatabase embedded = null;
        boolean external = externalDatabaseConfigured(args);
        if (!external) {
            Path data = Path.of(setting("LEDGER_DATA_DIR", "ledger-data")).toAbsolutePath();
            int port = Integer.parseInt(setting("LEDGER_EMBEDDED_DB_PORT", "15432"));
            try {
                embedded = EmbeddedDatabase.start(data.resolve("postgres"), port,
                        EmbeddedDatabase.parseSettings(setting("LEDGER_EMBEDDED_DB_SETTINGS", "")));
            } catch (IllegalStateException | IllegalArgumentException refused) {
                // the launcher's own refusals (the data directory in use, a setting it does not take): a sentence
                // for the operator, not a stack trace
                System.err.println("Relationship Ledger did not start: " + refused.getMessage());
                System.exit(1);
                return;
            }
            shared.put("spring.datasource.url", embedded.jdbcUrl());
            shared.put("spring.flyway.user", EmbeddedDatabase.SUPERUSER);
            LOG.info("embedded PostgreSQL (fsync on, synchronous_commit on) at {}, data in {}", embedded.jdbcUrl(), data);
            command.putAll(embeddedChainDefaults(data, args));
        }
        if (!external || Boolean.parseBoolean(setting("LEDGER_DEMO_USERS", "false"))) {
            shared.put("spring.config.import", "classpath:ledger-demo-users.yml");
        }
        Ledger ledger;
        try {
            ledger = Ledger.start(shared, command, Map.of(),
                    seeding.request().map(Seeding::beforeServing).stream().toList(), args);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        EmbeddedDatabase database = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(ledger, database), "ledger-shutdown"));
        Duration startUp = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("%nRelationship Ledger is up in %.1f s%n  command side: http://localhost:%d%n"
                        + "  query side:   http://localhost:%d%n  database:     %s%n  Ctrl-C stops it.%n%n",
                startUp.toMillis() / 1000.0, ledger.commandPort(), ledger.queryPort(),
                embedded != null ? embedded.jdbcUrl() + " (embedded)" : "external");
    }

    private static void stop(Ledger ledger, EmbeddedDatabase embedded) {
        try {
            ledger.close();
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (Exception e) {
                    LOG.error("could not stop the embedded PostgreSQL cleanly", e);
                }
            }
        }
    }

    /**
     * The embedded default signs checkpoints with a key of its own, created on first start under
     * {@code LEDGER_DATA_DIR/keys/} (outside the database, owner-only), and exports them to
     * {@code LEDGER_DATA_DIR/checkpoints/}; copy those somewhere the database administrator cannot reach.
     */
    static Map<String, String> embeddedChainDefaults(Path data, String[] args) {
        Map<String, String> chain = new LinkedHashMap<>();
        if (!configured("LEDGER_CHAIN_SIGNING_KEY_FILE", "ledger.chain.signing-key-file", args)) {
            Path keyFile = data.resolve("keys").resolve("chain-signing-key.pem");
            SigningKey key = SigningKey.readOrCreate(keyFile);
            LOG.info("checkpoints are signed with key {} ({}; public key beside it)", key.keyId(), keyFile);
            chain.put("ledger.chain.signing-key-file", keyFile.toString());
        }
        if (!configured("LEDGER_CHAIN_CHECKPOINT_DIR", "ledger.chain.checkpoint-export-dir", args)) {
            chain.put("ledger.chain.checkpoint-export-dir", data.resolve("checkpoints").toString());
        }
        return chain;
    }

    private static boolean configured(String variable, String property, String[] args) {
        if (System.getenv(variable) != null || System.getProperty(property) != null) {
            return true;
        }
        for (String arg : args) {
            if (arg.startsWith("--" + property + "=")) {
                return true;
            }
        }
        return false;
    }

    private static boolean externalDatabaseConfigured(String[] args) {
        if (System.getenv("LEDGER_DB_URL") != null || System.getProperty("spring.datasource.url") != null
                || System.getenv("SPRING_DATASOURCE_URL") != null) {
            return true;
        }
        for (String arg : args) {
            if (arg.startsWith("--spring.datasource.url=")) {
                return true;
            }
        }
        return false;
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? System.getProperty(name, fallback) : value;
    }
}
