package dev.relationshipledger.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.deploy.EmbeddedDatabase;
import dev.relationshipledger.deploy.reliability.ChildApplication.Side;
import dev.relationshipledger.testsupport.TestUsers;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load held (soak): both applications as child JVMs on the launcher's durable embedded PostgreSQL (fsync on); first
 * the maximum command rate is measured (closed loop, 16 clients), then half of it is offered at a fixed arrival rate
 * (open loop: latency counts from when a request was due, so a stall is not hidden) for the whole duration. Each of
 * six intervals reports command latency (p50/p99/max), the projection lag (a probe command every two seconds, timed
 * until the status projection shows it), and each application's heap after a full GC (read on a thread of its own
 * at each interval's end: {@code jcmd} takes a second or more). The slowest requests are listed with when they were
 * due and whether a heap read's forced collection ran meanwhile. It passes when nothing failed, the offered rate was
 * held, and the last interval's p99 latency, lag and heap stay near the first's.
 *
 * <p>Not part of the normal build (30 minutes): {@code mvn -B -pl deploy -am verify -Dtest=SoakTest
 * -Dledger.soak=PT30M -Dsurefire.failIfNoSpecifiedTests=false}; any ISO-8601 duration, e.g. {@code PT1M} to try it.
 */
@EnabledIfSystemProperty(named = "ledger.soak", matches = "P.+")
class SoakTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int INTERVALS = 6;
    static final List<String> PRODUCTION_JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2");
    static final Map<String, String> PRODUCTION_POOL = Map.of("spring.datasource.hikari.maximum-pool-size", "20");
    static final String CONTACT = """
            {"channel":"CALL","summary":"soak %d","sentiment":"NEUTRAL","occurredAt":"2026-01-05T10:00:00Z"}""";

    /** Requests at least this slow are listed with when they were due. */
    static final long SLOW_MICROS = 250_000;

    @TempDir
    Path data;

    record Slow(long dueMillis, long latencyMillis) {
    }

    final Queue<Slow> slowRequests = new ConcurrentLinkedQueue<>();
    final Queue<long[]> heapReadWindows = new ConcurrentLinkedQueue<>();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();

    /** One interval's figures. */
    static final class Interval {
        final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        final Histogram lag = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        long commandHeap;
        long queryHeap;
    }

    @Test
    void halfTheMaximumRateIsHeldWithStableLatencyLagAndMemory() throws Exception {
        Duration duration = Duration.parse(System.getProperty("ledger.soak"));
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("pg"), ChildApplication.freePort());
             ChildApplication command = new ChildApplication(Side.COMMAND, "soak-command", database.jdbcUrl(), PRODUCTION_POOL);
             ChildApplication query = new ChildApplication(Side.QUERY, "soak-query", database.jdbcUrl(), PRODUCTION_POOL)) {
            // as they run for real: both JIT compilers, the configured pool size
            command.jvmOptions(PRODUCTION_JVM);
            query.jvmOptions(PRODUCTION_JVM);
            command.start();
            query.start();
            String base = "http://localhost:" + command.port();
            List<String> relationships = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                relationships.add(post(base + "/relationships", TestUsers.RITA,
                        "{\"counterparty\":{\"name\":\"Soak " + i + "\",\"kind\":\"CUSTOMER\"}}").get("aggregateId").asText());
            }

            closedLoop(base, relationships, Duration.ofSeconds(15)); // warm-up (JIT)
            double maximum = closedLoop(base, relationships, Duration.ofSeconds(20));
            double rate = maximum / 2;
            System.out.printf("%n[soak] maximum %.0f commands/s (closed loop, 16 clients); offering %.0f/s for %s%n",
                    maximum, rate, duration);

            List<Interval> intervals = new ArrayList<>();
            for (int i = 0; i < INTERVALS; i++) {
                intervals.add(new Interval());
            }
            long intervalNanos = duration.toNanos() / INTERVALS;
            long start = System.nanoTime();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService senders = Executors.newFixedThreadPool(32);
            ExecutorService heapReads = Executors.newSingleThreadExecutor();
            Thread prober = new Thread(() -> probeLag(base, query.port(), relationships.get(0), start, intervalNanos,
                    intervals, done), "soak-lag-probe");
            prober.start();
            Random random = new Random(20261130);
            long period = (long) (1e9 / rate);
            int nextInterval = 1;
            for (long n = 0; ; n++) {
                long due = start + n * period;
                if (due - start >= duration.toNanos()) {
                    break;
                }
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                if (System.nanoTime() - start >= nextInterval * intervalNanos && nextInterval < INTERVALS) {
                    Interval finished = intervals.get(nextInterval - 1);
                    // never on this thread: the two jcmd runs take about a second, and every command due meanwhile
                    // would be sent late and counted late (the first soak's "stalls", twenty-third round)
                    heapReads.execute(() -> readHeaps(finished, command, query, start));
                    nextInterval++;
                }
                Interval interval = intervals.get((int) Math.min(INTERVALS - 1, (due - start) / intervalNanos));
                String relationship = relationships.get(random.nextInt(relationships.size()));
                long number = n;
                interval.sent.incrementAndGet();
                senders.execute(() -> {
                    try {
                        post(base + "/relationships/" + relationship + "/contacts",
                                number % 2 == 0 ? TestUsers.RITA : TestUsers.MARIA, CONTACT.formatted(number));
                        long micros = (System.nanoTime() - due) / 1000;
                        if (micros >= SLOW_MICROS) {
                            slowRequests.add(new Slow((due - start) / 1_000_000, micros / 1000));
                        }
                        synchronized (interval.latency) {
                            interval.latency.recordValue(Math.min(micros, interval.latency.getHighestTrackableValue()));
                        }
                    } catch (Exception e) {
                        interval.failed.incrementAndGet();
                    }
                });
            }
            senders.shutdown();
            senders.awaitTermination(1, TimeUnit.MINUTES);
            done.set(true);
            prober.join();
            Interval last = intervals.get(INTERVALS - 1);
            heapReads.execute(() -> readHeaps(last, command, query, start));
            heapReads.shutdown();
            heapReads.awaitTermination(1, TimeUnit.MINUTES);
            printSlowRequests();

            System.out.printf("[soak] | interval | offered/s | failed | p50 ms | p99 ms | max ms | lag p50 ms | lag max ms "
                    + "| command heap MB | query heap MB |%n[soak] |---|---|---|---|---|---|---|---|---|---|%n");
            double intervalSeconds = intervalNanos / 1e9;
            for (int i = 0; i < INTERVALS; i++) {
                Interval x = intervals.get(i);
                System.out.printf("[soak] | %d | %.0f | %d | %.1f | %.1f | %.1f | %.0f | %.0f | %d | %d |%n", i + 1,
                        x.sent.get() / intervalSeconds, x.failed.get(), ms(x.latency, 50), ms(x.latency, 99),
                        x.latency.getMaxValue() / 1000.0, ms(x.lag, 50), x.lag.getMaxValue() / 1000.0,
                        x.commandHeap >> 20, x.queryHeap >> 20);
            }

            Interval first = intervals.get(1); // the first interval still warms up
            for (Interval x : intervals) {
                assertThat(x.failed.get()).as("failed commands").isZero();
                assertThat(x.latency.getTotalCount()).as("every offered command was answered").isEqualTo(x.sent.get());
                assertThat(x.sent.get() / intervalSeconds).as("offered rate held").isGreaterThan(rate * 0.95);
            }
            assertThat(ms(last.latency, 99)).as("p99 latency stays stable")
                    .isLessThan(Math.max(2 * ms(first.latency, 99), ms(first.latency, 99) + 50));
            assertThat(ms(last.lag, 99)).as("projection lag stays stable")
                    .isLessThan(Math.max(2 * ms(first.lag, 99), ms(first.lag, 99) + 500));
            assertThat(last.commandHeap).as("command side heap after GC stays flat")
                    .isLessThan(first.commandHeap + Math.max(first.commandHeap / 4, 32L << 20));
            assertThat(last.queryHeap).as("query side heap after GC stays flat")
                    .isLessThan(first.queryHeap + Math.max(first.queryHeap / 4, 32L << 20));
        }
    }

    /** Accepted commands per second with 16 clients sending back to back. */
    double closedLoop(String base, List<String> relationships, Duration length) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        for (int c = 0; c < 16; c++) {
            int client = c;
            clients.execute(() -> {
                Random random = new Random(client);
                while (System.nanoTime() < end) {
                    try {
                        post(base + "/relationships/" + relationships.get(random.nextInt(relationships.size()))
                                + "/contacts", TestUsers.RITA, CONTACT.formatted(client));
                        done.incrementAndGet();
                    } catch (Exception e) {
                        // counted as not done
                    }
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        return done.get() / (length.toNanos() / 1e9);
    }

    /** Every two seconds: one command, timed until the status projection shows it (read-your-writes). */
    void probeLag(String base, int queryPort, String relationship, long start, long intervalNanos,
                  List<Interval> intervals, AtomicBoolean done) {
        int n = 0;
        while (!done.get()) {
            try {
                JsonNode accepted = post(base + "/relationships/" + relationship + "/contacts", TestUsers.MARIA,
                        CONTACT.formatted(-(++n)));
                long acknowledged = System.nanoTime();
                long position = accepted.get("position").asLong();
                while (true) {
                    HttpResponse<String> seen = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                                    + queryPort + "/relationships/" + relationship + "?atLeast=" + position))
                            .header("Authorization", TestUsers.MARIA.basicAuth()).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (seen.statusCode() == 200) {
                        break;
                    }
                }
                Interval interval = intervals.get((int) Math.min(INTERVALS - 1, (acknowledged - start) / intervalNanos));
                synchronized (interval.lag) {
                    interval.lag.recordValue((System.nanoTime() - acknowledged) / 1000);
                }
            } catch (Exception e) {
                // a probe that fails shows as a missing sample; the commands' own failures are counted
            }
            ChildApplication.sleep(2000);
        }
    }

    /** Reads both applications' heaps after a full collection into the interval, noting when the collections ran. */
    void readHeaps(Interval interval, ChildApplication command, ChildApplication query, long start) {
        long from = (System.nanoTime() - start) / 1_000_000;
        interval.commandHeap = heapAfterGc(command);
        interval.queryHeap = heapAfterGc(query);
        heapReadWindows.add(new long[] {from, (System.nanoTime() - start) / 1_000_000});
    }

    /**
     * The requests that took {@link #SLOW_MICROS} or more, by when they were due, and whether a heap read's forced
     * full collection (in the applications) ran meanwhile: what a stall coincided with.
     */
    void printSlowRequests() {
        List<Slow> slow = slowRequests.stream().sorted(Comparator.comparingLong(Slow::latencyMillis).reversed())
                .limit(40).sorted(Comparator.comparingLong(Slow::dueMillis)).toList();
        System.out.printf("[soak] %d requests took %d ms or more; the slowest %d (due at s since start: ms; "
                + "* = during a heap read's forced collection):%n[soak]", slowRequests.size(), SLOW_MICROS / 1000, slow.size());
        for (Slow s : slow) {
            boolean duringHeapRead = heapReadWindows.stream()
                    .anyMatch(w -> s.dueMillis() + s.latencyMillis() >= w[0] && s.dueMillis() <= w[1]);
            System.out.printf(" %.1f: %d%s", s.dueMillis() / 1000.0, s.latencyMillis(), duringHeapRead ? "*" : "");
        }
        System.out.printf("%n[soak] heap reads (s since start): %s%n", heapReadWindows.stream()
                .map(w -> "%.1f-%.1f".formatted(w[0] / 1000.0, w[1] / 1000.0)).toList());
    }

    /** The heap in use right after a full collection ({@code jcmd GC.run}), read from the actuator. */
    long heapAfterGc(ChildApplication application) {
        try {
            Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(application.pid()), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            gc.waitFor();
            HttpResponse<String> metric = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + application.port() + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    .header("Authorization", TestUsers.ADAM.basicAuth()).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(metric.body()).get("measurements").get(0).get("value").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode post(String url, TestUsers user, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", user.basicAuth())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
