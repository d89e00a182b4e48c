package dev.relationshipledger.deploy.reliability;

import dev.relationshipledger.command.CommandSideApplication;
import dev.relationshipledger.query.QuerySideApplication;
import dev.relationshipledger.testsupport.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One side of the ledger run as a real child JVM (the test classpath, the application's own main class), so that a
 * test can kill it with SIGKILL the way an operating system or an operator would, and start it again on the same
 * port and database. Its output goes to {@code target/reliability/<name>-<n>.log}.
 */
public final class ChildApplication implements AutoCloseable {

    public enum Side {
        COMMAND(CommandSideApplication.class.getName()), QUERY(QuerySideApplication.class.getName());

        final String mainClass;

        Side(String mainClass) {
            this.mainClass = mainClass;
        }
    }

    /**
     * The test classpath without this module's own classes (neither side needs them): in {@code mvn verify} only jars
     * remain, which also lets the JVM's class-data sharing archive cover it.
     */
    static final List<String> CLASSPATH_ENTRIES = java.util.Arrays.stream(System.getProperty("surefire.test.class.path",
                    System.getProperty("java.class.path")).split(java.io.File.pathSeparator))
            .filter(entry -> !entry.isBlank())
            .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(Path.of("target").toAbsolutePath()))
            .toList();
    static final String CLASSPATH = String.join(java.io.File.pathSeparator, CLASSPATH_ENTRIES);
    static final boolean CLASSPATH_HAS_ONLY_JARS = CLASSPATH_ENTRIES.stream().noneMatch(e -> Files.isDirectory(Path.of(e)));

    /** Children still running when the test JVM exits (a failed or interrupted run) are killed with it. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kill-child-applications"));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Side side;
    private final String name;
    private final int port;
    private final Map<String, String> properties;
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;
    private int starts;

    public ChildApplication(Side side, String name, String databaseUrl, Map<String, String> extra) {
        this.side = side;
        this.name = name;
        this.port = freePort();
        this.properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", databaseUrl);
        properties.put("spring.flyway.user", TestPostgres.SUPERUSER);
        properties.put("spring.config.import", "classpath:ledger-test-users.yml");
        properties.put("server.port", Integer.toString(port));
        // the children share two cores with the test and each other
        properties.put("spring.datasource.hikari.maximum-pool-size", "10");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.relationshipledger", "INFO");
        properties.putAll(extra);
    }

    /**
     * Starts the JVM to record a class-data sharing archive of everything it loads; {@link #finishRecording()} stops
     * it cleanly (the archive is written at exit), and later starts map that archive and start in about two thirds of
     * the time. Skipped when the classpath holds directories, which the archive cannot cover.
     */
    public ChildApplication startRecording() {
        Path archive = archive();
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> own = new ArrayList<>(jvmOptions);
        if (CLASSPATH_HAS_ONLY_JARS) {
            jvmOptions.add("-XX:ArchiveClassesAtExit=" + archive);
        }
        start();
        jvmOptions.clear();
        jvmOptions.addAll(own);
        return this;
    }

    public ChildApplication finishRecording() {
        stop();
        if (Files.exists(archive())) {
            jvmOptions.add("-XX:SharedArchiveFile=" + archive());
        }
        return this;
    }

    private Path archive() {
        return Path.of("target", "reliability", name + ".jsa").toAbsolutePath();
    }

    /** JVM options for the next starts. */
    public ChildApplication jvmOptions(List<String> options) {
        jvmOptions.clear();
        jvmOptions.addAll(options);
        return this;
    }

    public int port() {
        return port;
    }

    /** Starts the JVM and returns once it answers its readiness probe. */
    public ChildApplication start() {
        startAsync();
        awaitReady(Duration.ofSeconds(90));
        return this;
    }

    /** Starts the JVM without waiting for it. */
    public void startAsync() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-Daxoniq.update-checker.disabled=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", CLASSPATH, side.mainClass));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path logs = Path.of("target", "reliability");
            Files.createDirectories(logs);
            Path log = logs.resolve(name + "-" + (++starts) + ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            LIVE.add(process);
            process.onExit().thenAccept(LIVE::remove);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see "
                        + "target/reliability/" + name + "-" + starts + ".log");
            }
            if (ready()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout);
    }

    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful close, in-flight requests and transactions die with it. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(process);
    }

    /** SIGTERM: Spring's graceful shutdown. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(process)) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    public int starts() {
        return starts;
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean waitFor(Process process) {
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
