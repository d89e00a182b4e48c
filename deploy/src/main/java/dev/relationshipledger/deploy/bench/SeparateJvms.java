package dev.relationshipledger.deploy.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two applications as they are deployed: each in a JVM of its own with its own heap ({@code -Xmx512m}), started
 * from this JVM's class path against the benchmark's database, the command side first (its migrations create the
 * event store the query side tails). For the benchmark's scenarios that reach the applications over HTTP only: the
 * load driver stays in the benchmark's JVM, so neither application shares its heap or its collections with it or
 * with the other application.
 */
final class SeparateJvms implements AutoCloseable {

    static final String HEAP = "-Xmx512m";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One application's process and port; its output goes to {@code log}. */
    record App(String name, Process process, int port, Path log) {
    }

    private final List<App> apps = new ArrayList<>();
    private final Path logs;

    private SeparateJvms(Path logs) {
        this.logs = logs;
    }

    /**
     * @param shared Spring properties both applications get (database, users, logging)
     * @param extra  the benchmark's own {@code --key=value} arguments, passed to both
     */
    static SeparateJvms start(Map<String, String> shared, List<String> extra) throws Exception {
        SeparateJvms jvms = new SeparateJvms(Files.createTempDirectory("ledger-bench-apps"));
        try {
            App command = jvms.launch("command-side", "dev.relationshipledger.command.CommandSideApplication",
                    shared, Map.of(), extra);
            jvms.launch("query-side", "dev.relationshipledger.query.QuerySideApplication", shared,
                    Map.of("ledger.ui.command-side-url", "http://localhost:" + command.port()), extra);
            return jvms;
        } catch (Exception e) {
            jvms.close();
            throw e;
        }
    }

    int commandPort() {
        return apps.get(0).port();
    }

    int queryPort() {
        return apps.get(1).port();
    }

    List<App> apps() {
        return List.copyOf(apps);
    }

    private App launch(String name, String mainClass, Map<String, String> shared, Map<String, String> own,
                       List<String> extra) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = ChildJvm.command(mainClass, HEAP, "-Daxoniq.update-checker.disabled=true");
        Map<String, String> properties = new java.util.LinkedHashMap<>(shared);
        properties.putAll(own);
        properties.put("server.port", Integer.toString(port)); // a property given twice would be joined, not replaced
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.addAll(extra);
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        App app = new App(name, process, port, log);
        apps.add(app);
        awaitHealthy(app, Duration.ofMinutes(3));
        return app;
    }

    private static void awaitHealthy(App app, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.process().isAlive()) {
                throw new IllegalStateException(app.name() + " ended with " + app.process().exitValue() + "; its log: "
                        + tail(app.log()));
            }
            try {
                if (get(app, "/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(app.name() + " was not healthy within " + atMost + "; its log: " + tail(app.log()));
    }

    /** Seconds the application's JVM has stood in garbage-collection pauses so far (its own meters). */
    static double gcPauseSeconds(App app) throws Exception {
        return sum(prometheus(app), "jvm_gc_pause_seconds_sum{", "");
    }

    /** Its heap in use right after a full collection ({@code jcmd PID GC.run}), in bytes. */
    static double heapAfterGc(App app) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(app.process().pid()), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd GC.run failed for " + app.name());
        }
        return sum(prometheus(app), "jvm_memory_used_bytes{", "area=\"heap\"");
    }

    /** CPU seconds (user + system) the application's process has used so far, from /proc. */
    static double cpuSeconds(App app) throws IOException {
        return ProcStat.cpuSeconds(Files.readString(Path.of("/proc", Long.toString(app.process().pid()), "stat")));
    }

    /**
     * Lowers the scheduling priority of every thread of the application ({@code renice}, niceness {@code nice}); the
     * threads it starts later inherit it. What a deployment does with CPU weights (Kubernetes CPU requests, Compose
     * {@code cpu_shares}): when the cores are contended, the application gets the smaller share.
     */
    static void lowerPriority(App app, int nice) throws Exception {
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        try (var tasks = Files.list(Path.of("/proc", Long.toString(app.process().pid()), "task"))) {
            tasks.forEach(task -> command.add(task.getFileName().toString()));
        }
        Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(renice.getInputStream().readAllBytes());
        if (renice.waitFor() != 0) {
            throw new IllegalStateException("renice failed for " + app.name() + ": " + output);
        }
    }

    private static String prometheus(App app) throws Exception {
        HttpResponse<String> answer = get(app, "/actuator/prometheus");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(app.name() + "'s /actuator/prometheus answered " + answer.statusCode());
        }
        return answer.body();
    }

    /** The sum of the samples of one metric whose labels include {@code label} (empty: all of them). */
    private static double sum(String exposition, String prefix, String label) {
        return exposition.lines().filter(line -> line.startsWith(prefix) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static HttpResponse<String> get(App app, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Query side first, as the launcher stops them; each gets 30 s to stop before it is killed. */
    @Override
    public void close() {
        for (int i = apps.size() - 1; i >= 0; i--) {
            Process process = apps.get(i).process();
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.walk(logs)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: left behind at worst
        }
    }
}
