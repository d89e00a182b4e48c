package dev.relationshipledger.deploy;

import dev.relationshipledger.command.CommandSideApplication;
import dev.relationshipledger.query.QuerySideApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Both applications, started in one JVM against one database: the command side first (its migrations create the
 * event store the query side tails), then the query side. Each keeps its own Spring context, port and
 * configuration file, exactly as when they run as separate processes.
 */
public final class Ledger implements AutoCloseable {

    /** The query side's web workspace property naming the command side's address (query-side.yml). */
    static final String COMMAND_SIDE_URL = "ledger.ui.command-side-url";

    private final ConfigurableApplicationContext commandSide;
    private final ConfigurableApplicationContext querySide;

    private Ledger(ConfigurableApplicationContext commandSide, ConfigurableApplicationContext querySide) {
        this.commandSide = commandSide;
        this.querySide = querySide;
    }

    /**
     * Properties are passed as command-line arguments, so they win over each side's own configuration file, and
     * the user's own arguments ({@code args}) come last and win over ours.
     *
     * @param shared  properties both sides get (database, users, ...)
     * @param command properties of the command side only (its port)
     * @param query   properties of the query side only (its port)
     */
    public static Ledger start(Map<String, String> shared, Map<String, String> command, Map<String, String> query,
                               String... args) {
        return start(shared, command, query, List.of(), args);
    }

    /**
     * As {@link #start(Map, Map, Map, String...)}, with initializers for the command side's context (e.g. seeding
     * demo data after its migrations and before it serves).
     */
    public static Ledger start(Map<String, String> shared, Map<String, String> command, Map<String, String> query,
                               List<ApplicationContextInitializer<ConfigurableApplicationContext>> commandInitializers,
                               String... args) {
        ConfigurableApplicationContext commandSide = CommandSideApplication.builder()
                .registerShutdownHook(false)
                .initializers(commandInitializers.toArray(ApplicationContextInitializer[]::new))
                .run(arguments(shared, command, args));
        try {
            Map<String, String> queryOwn = new LinkedHashMap<>(query);
            if (!configured(COMMAND_SIDE_URL, shared, query, args)) {
                // The web workspace on the query side calls this command side (verification, evidence packs).
                queryOwn.put(COMMAND_SIDE_URL, "http://localhost:"
                        + ((WebServerApplicationContext) commandSide).getWebServer().getPort());
            }
            ConfigurableApplicationContext querySide = QuerySideApplication.builder()
                    .registerShutdownHook(false)
                    .run(arguments(shared, queryOwn, args));
            return new Ledger(commandSide, querySide);
        } catch (RuntimeException e) {
            commandSide.close();
            throw e;
        }
    }

    /** Whether the user chose a value (argument, system property, environment): then it is not overridden. */
    private static boolean configured(String key, Map<String, String> shared, Map<String, String> query, String[] args) {
        return shared.containsKey(key) || query.containsKey(key) || System.getProperty(key) != null
                || System.getenv("LEDGER_UI_COMMAND_URL") != null
                || java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--" + key + "="));
    }

    private static String[] arguments(Map<String, String> shared, Map<String, String> own, String[] user) {
        List<String> arguments = new ArrayList<>();
        shared.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        own.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.addAll(List.of(user));
        return arguments.toArray(String[]::new);
    }

    /** The query side's Spring context, for operational tools and tests (projection rebuilds, processors). */
    public ConfigurableApplicationContext querySide() {
        return querySide;
    }

    /** The command side's Spring context, for benchmarks and operational tools (its command gateway). */
    public ConfigurableApplicationContext commandSide() {
        return commandSide;
    }

    public int commandPort() {
        return ((WebServerApplicationContext) commandSide).getWebServer().getPort();
    }

    public int queryPort() {
        return ((WebServerApplicationContext) querySide).getWebServer().getPort();
    }

    /** Query side first: it stops tailing and releases its segments before the command side stops accepting. */
    @Override
    public void close() {
        querySide.close();
        commandSide.close();
    }
}
