import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for deploy/local/multi-node.sh, run as a single-file program (JDK only, no build):
 *
 * <pre>java MultiNodeDriver.java &lt;acks.csv&gt; &lt;label&gt; &lt;threads&gt; &lt;commands&gt; &lt;user:password&gt; &lt;url&gt;...</pre>
 *
 * Sends {@code commands} commands from {@code threads} threads, round-robin over the command nodes' URLs: first it
 * opens one relationship per thread and a few more, then it logs contacts on relationships picked at random, so that
 * concurrent writers race on the same aggregates through different nodes. A 409 version-conflict (a lost race) is
 * retried as a client should. Every tenth opening carries an Idempotency-Key and is sent again to another node: the
 * answer must be the very same (same aggregate, version, position) and marked as replayed. Each acknowledged command
 * is appended to {@code acks.csv} as {@code aggregateId,version,position,node}, for the script to check against the
 * event store. Any other answer, or a mismatch, makes the exit status non-zero.
 */
public class MultiNodeDriver {

    private static final Pattern ID = Pattern.compile("\"aggregateId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");
    private static final int MAX_RETRIES = 20;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> nodes;
    private final String authorization;
    private final String label;
    private final List<String> relationships = new CopyOnWriteArrayList<>();
    private final List<String> acks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger conflictsRetried = new AtomicInteger();
    private final AtomicInteger replaysVerified = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sequence = new AtomicLong();

    MultiNodeDriver(List<String> nodes, String credentials, String label) {
        this.nodes = nodes;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.label = label;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: java MultiNodeDriver.java <acks.csv> <label> <threads> <commands> <user:password> <url>...");
            System.exit(2);
        }
        Path acksFile = Path.of(args[0]);
        int threads = Integer.parseInt(args[2]);
        int commands = Integer.parseInt(args[3]);
        MultiNodeDriver driver = new MultiNodeDriver(List.of(args).subList(5, args.length), args[4], args[1]);
        long started = System.nanoTime();
        driver.run(threads, commands);
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.write(acksFile, driver.acks, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        driver.report(seconds);
        if (!driver.failures.isEmpty()) {
            driver.failures.stream().limit(20).forEach(f -> System.err.println("FAILED: " + f));
            System.exit(1);
        }
    }

    void run(int threads, int commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int openings = threads + Math.max(2, commands / 20);
        AtomicInteger budget = new AtomicInteger(commands);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                while (budget.getAndDecrement() > 0) {
                    int n = sent.incrementAndGet();
                    if (n <= openings || relationships.isEmpty()) {
                        open(n);
                    } else {
                        contact(n);
                    }
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
    }

    private void open(int n) {
        String body = "{\"counterparty\":{\"name\":\"" + label + " counterparty " + n + "\",\"kind\":\"SUPPLIER\"},"
                + "\"tier\":\"" + (n % 3 == 0 ? "KEY" : "STANDARD") + "\"}";
        String node = node(n);
        String key = n % 10 == 0 ? label + "-open-" + n : null;
        Answer answer = sendWithRetries(node, "/relationships", body, key);
        if (answer == null) {
            return;
        }
        relationships.add(answer.aggregateId());
        if (key != null) {
            String other = node(n + 1);
            Answer replay = send(other, "/relationships", body, key);
            if (replay.status() != 201 || !replay.replayed() || !replay.aggregateId().equals(answer.aggregateId())
                    || replay.version() != answer.version() || replay.position() != answer.position()) {
                failures.add("idempotent retry on " + other + " answered " + replay.status() + " " + replay.body()
                        + " instead of the original " + answer.body());
            } else {
                replaysVerified.incrementAndGet();
            }
        }
    }

    private void contact(int n) {
        String relationship = relationships.get(ThreadLocalRandom.current().nextInt(relationships.size()));
        String body = "{\"channel\":\"" + (n % 2 == 0 ? "CALL" : "MEETING") + "\",\"summary\":\"" + label + " contact "
                + n + "\",\"sentiment\":\"" + (n % 5 == 0 ? "NEGATIVE" : "POSITIVE")
                + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}";
        sendWithRetries(node(n), "/relationships/" + relationship + "/contacts", body, null);
    }

    private String node(int n) {
        return nodes.get(n % nodes.size());
    }

    private Answer sendWithRetries(String node, String path, String body, String key) {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Answer answer = send(node, path, body, key);
            if (answer.status() == 200 || answer.status() == 201) {
                acks.add(answer.aggregateId() + "," + answer.version() + "," + answer.position() + "," + node);
                perNode.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
                return answer;
            }
            if (answer.status() == 409 && answer.body().contains("version-conflict")) {
                conflictsRetried.incrementAndGet();
                sleep(ThreadLocalRandom.current().nextInt(1, 10));
                continue;
            }
            failures.add("POST " + node + path + " answered " + answer.status() + " " + answer.body());
            return null;
        }
        failures.add("POST " + node + path + " lost the race " + MAX_RETRIES + " times");
        return null;
    }

    record Answer(int status, String body, boolean replayed, String aggregateId, long version, long position) {
    }

    private Answer send(String node, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("X-Correlation-Id", label + "-" + sequence.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            latencies.add(System.nanoTime() - started);
            String text = response.body();
            return new Answer(response.statusCode(), text,
                    response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false),
                    group(ID, text), number(VERSION, text), number(POSITION, text));
        } catch (IOException e) {
            return new Answer(-1, e.toString(), false, null, -1, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString(), false, null, -1, -1);
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static long number(Pattern pattern, String text) {
        String value = group(pattern, text);
        return value == null ? -1 : Long.parseLong(value);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void report(double seconds) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1_000_000;
        long p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1_000_000;
        try (PrintWriter out = new PrintWriter(System.out, true)) {
            out.printf("%s: %d commands acknowledged in %.1f s (%.0f/s), per node %s; %d lost races retried; "
                            + "%d idempotent retries answered identically by the other node; latency p50 %d ms, p99 %d ms%n",
                    label, acks.size(), seconds, acks.size() / seconds, perNode, conflictsRetried.get(),
                    replaysVerified.get(), p50, p99);
        }
    }
}
