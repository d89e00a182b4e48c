package dev.relationshipledger.deploy.bench;

import dev.relationshipledger.command.CommandSideApplication;
import dev.relationshipledger.command.chain.EventChainer;
import dev.relationshipledger.command.chain.proof.ChainVerifier;
import dev.relationshipledger.deploy.EmbeddedDatabase;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Does the hash chain slow appends? Acknowledged commands per second through HTTP (open a relationship, then log
 * contacts on it, one relationship per client thread), at 1 and 8 threads, with the chainer off and on, alternating
 * on one durable embedded PostgreSQL (fsync=on, synchronous_commit=on, as the launcher runs it). Also the chainer's
 * own rate (catching up a backlog) and a raw JDBC insert+commit baseline from the same run.
 *
 * <p>Takes about four minutes, so it runs only on request:
 * {@code mvn -q -B -o -pl deploy -am verify -Dtest='ChainOverheadBenchmark' -Dsurefire.failIfNoSpecifiedTests=false -Dledger.bench=true}
 * (add {@code -Dledger.bench.seconds=N} to change the length of each measured run, default 5).
 */
@EnabledIfSystemProperty(named = "ledger.bench", matches = "true")
class ChainOverheadBenchmark {

    static final int ROUNDS = Integer.getInteger("ledger.bench.rounds", 5);
    static final Duration RUN = Duration.ofSeconds(Long.getLong("ledger.bench.seconds", 5));

    @TempDir
    Path directory;

    @Test
    void appendThroughputWithAndWithoutTheChainer() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(directory.resolve("postgres"), 25434)) {
            Map<String, List<Double>> figures = new LinkedHashMap<>();
            List<Double> linkRates = new ArrayList<>();
            List<Double> lags = new ArrayList<>();
            figures.put("raw JDBC insert+commit, 1 thread", new ArrayList<>());
            figures.put("raw JDBC insert+commit, 8 threads", new ArrayList<>());
            for (int round = 0; round < ROUNDS; round++) {
                // Alternate which goes first, so that drift (a growing database, a warming JVM) favours neither.
                boolean[] order = round % 2 == 0 ? new boolean[]{false, true} : new boolean[]{true, false};
                for (boolean chain : order) {
                    try (ConfigurableApplicationContext commandSide = start(database, chain)) {
                        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
                        if (chain) {
                            // The scheduler's first tick is an hour away: link the backlog left by the last "off" run
                            // by hand to time the linker alone, then tick every second as the scheduler would.
                            EventChainer chainer = commandSide.getBean(EventChainer.class);
                            long started = System.nanoTime();
                            int linked = chainer.linkAvailable();
                            if (linked > 0) {
                                linkRates.add(linked / ((System.nanoTime() - started) / 1e9));
                            }
                            ticks.scheduleWithFixedDelay(chainer::tick, 1, 1, TimeUnit.SECONDS);
                        }
                        LedgerHttp http = new LedgerHttp(((WebServerApplicationContext) commandSide).getWebServer().getPort());
                        appendFor(http, 4, Duration.ofSeconds(2)); // warm-up
                        for (int threads : new int[]{1, 8}) {
                            figures.computeIfAbsent("chainer " + (chain ? "on" : "off") + ", " + threads + " thread(s)",
                                    k -> new ArrayList<>()).add(appendFor(http, threads, RUN));
                        }
                        if (chain) {
                            lags.add(chainLag(database));
                        }
                        ticks.shutdownNow();
                    }
                }
                figures.get("raw JDBC insert+commit, 1 thread").add(rawInserts(database, 1, Duration.ofSeconds(2)));
                figures.get("raw JDBC insert+commit, 8 threads").add(rawInserts(database, 8, Duration.ofSeconds(2)));
            }
            List<Double> verifyRates = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "")) {
                    long started = System.nanoTime();
                    ChainVerifier.Report verified = ChainVerifier.verify(c, ChainVerifier.Options.whole(null));
                    if (!verified.ok()) {
                        throw new IllegalStateException("the benchmark's chain does not verify: " + verified.firstMismatch());
                    }
                    verifyRates.add(verified.eventsChecked() / ((System.nanoTime() - started) / 1e9));
                }
            }
            StringBuilder report = new StringBuilder("| run | median /s | runs /s |\n| --- | --- | --- |\n");
            figures.forEach((name, values) -> report.append("| ").append(name).append(" | ")
                    .append(String.format("%.0f", median(values))).append(" | ").append(format(values)).append(" |\n"));
            for (int threads : new int[]{1, 8}) {
                List<Double> on = figures.get("chainer on, " + threads + " thread(s)");
                List<Double> off = figures.get("chainer off, " + threads + " thread(s)");
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < on.size(); i++) {
                    ratios.add(on.get(i) / off.get(i));
                }
                report.append("| on/off ratio in the same round, ").append(threads).append(" thread(s) | ")
                        .append(String.format("%.2f", median(ratios))).append(" | ")
                        .append(String.join(", ", ratios.stream().map(r -> String.format("%.2f", r)).toList())).append(" |\n");
            }
            report.append("| chainer linking a backlog, events/s | ").append(String.format("%.0f", median(linkRates)))
                    .append(" | ").append(format(linkRates)).append(" |\n");
            report.append("| verifying the whole chain, events/s | ").append(String.format("%.0f", median(verifyRates)))
                    .append(" | ").append(format(verifyRates)).append(" |\n");
            report.append("| chain lag after the last append of a run, ms | ").append(String.format("%.0f", median(lags)))
                    .append(" | ").append(format(lags)).append(" |\n");
            System.out.println("\n" + report);
            Files.writeString(Path.of("target/chain-benchmark.md"), report);
        }
    }

    private static ConfigurableApplicationContext start(EmbeddedDatabase database, boolean chain) {
        return CommandSideApplication.builder().registerShutdownHook(false).run(
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.flyway.user=postgres",
                "--spring.config.import=classpath:ledger-test-users.yml", "--server.port=0",
                "--ledger.chain.enabled=" + chain, "--ledger.chain.link-interval=PT1H", "--logging.level.root=warn");
    }

    /** Commands acknowledged per second by {@code threads} clients, each on its own relationship. */
    private static double appendFor(LedgerHttp http, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        LongAdder done = new LongAdder();
        try {
            List<String> relationships = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                relationships.add(http.post(TestUsers.RITA, "/relationships",
                        "{\"counterparty\":{\"name\":\"Bench " + i + "\",\"kind\":\"CUSTOMER\"}}").text("aggregateId"));
            }
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            List<Future<?>> clients = new ArrayList<>();
            for (String relationship : relationships) {
                clients.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        int status = http.post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", """
                                {"channel":"CALL","summary":"Benchmark call about the renewal","sentiment":"NEUTRAL",
                                 "occurredAt":"2026-11-02T09:00:00Z","participants":["Jane Doe"]}""").status();
                        if (status != 201) {
                            throw new IllegalStateException("append answered " + status);
                        }
                        done.increment();
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            return done.sum() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Milliseconds from the end of a run until the chain has linked its last event (ticks every second). */
    private static double chainLag(EmbeddedDatabase database) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "")) {
            long target = single(c, "SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry");
            long start = System.nanoTime();
            while (single(c, "SELECT coalesce(max(position), 0) FROM event_store.event_chain") < target) {
                Thread.sleep(10);
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    /** The database's own figure: single-row INSERT + COMMIT of an event-sized row. */
    private static double rawInserts(EmbeddedDatabase database, int threads, Duration duration) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public.bench_row (id bigserial PRIMARY KEY, a varchar(36), b bytea, m bytea)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                     PreparedStatement s = c.prepareStatement("INSERT INTO public.bench_row (a, b, m) VALUES (?, ?, ?)")) {
                    byte[] payload = new byte[300];
                    byte[] meta = new byte[150];
                    while (System.nanoTime() < end) {
                        s.setString(1, java.util.UUID.randomUUID().toString());
                        s.setBytes(2, payload);
                        s.setBytes(3, meta);
                        s.executeUpdate();
                        done.increment();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdownNow();
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static long single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.0f", v)).toList());
    }
}
