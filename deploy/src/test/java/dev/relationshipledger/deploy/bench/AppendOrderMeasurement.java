package dev.relationshipledger.deploy.bench;

import dev.relationshipledger.deploy.EmbeddedDatabase;
import dev.relationshipledger.deploy.Ledger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the read horizon (decision 0007, migration V9) costs: appends per second with V9's trigger (register the last
 * position drawn as a shared advisory lock, then draw) and without it (the column default, as before V7 and V9), and the
 * price of one horizon query for a reader, in the same run, on the launcher's durable embedded
 * PostgreSQL (fsync=on, synchronous_commit=on, full_page_writes=on), rounds interleaved, medians reported.
 * <ol>
 *     <li>raw: JDBC INSERT of one event-sized row + COMMIT per transaction, as the command side's login, at 1, 8 and
 *     16 connections;</li>
 *     <li>system: "log a contact" commands over HTTP through the command side (in the test JVM), 1 and 8 clients,
 *     closed loop, each client on its own relationship.</li>
 * </ol>
 * Not part of the normal build: {@code mvn -B -pl deploy -am verify -Dtest=AppendOrderMeasurement
 * -Dledger.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "ledger.bench", matches = "true")
class AppendOrderMeasurement {

    static final int ROUNDS = Integer.getInteger("ledger.bench.rounds", 5);
    static final long RAW_MILLIS = Long.getLong("ledger.bench.raw-millis", 4_000);
    static final long SYSTEM_MILLIS = Long.getLong("ledger.bench.system-millis", 8_000);
    static final String PAYLOAD = "{\"relationshipId\":\"%s\",\"contactId\":\"%s\",\"channel\":\"CALL\","
            + "\"participants\":[\"Jane Doe\",\"John Roe\"],\"summary\":\"%s\",\"sentiment\":\"NEUTRAL\","
            + "\"followUps\":[\"send the revised price list\"],\"occurredAt\":\"2026-11-20T10:00:00Z\"}";
    static final String OPENED = "{\"relationshipId\":\"%s\",\"counterparty\":{\"name\":\"Raw\",\"kind\":\"CUSTOMER\","
            + "\"segment\":null},\"owner\":\"rita\",\"tier\":\"STANDARD\"}";
    static final String META = "{\"actor\":\"rita\",\"actorRoles\":\"RELATIONSHIP_MANAGER\",\"correlationId\":\"%s\","
            + "\"causationId\":\"%s\"}";

    @TempDir
    Path data;

    @Test
    void measure() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("pg"), freePort())) {
            try (Ledger ledger = Ledger.start(Map.of(
                            "spring.datasource.url", db.jdbcUrl(),
                            "spring.flyway.user", "postgres",
                            "spring.config.import", "classpath:ledger-test-users.yml",
                            "server.port", "0",
                            "logging.level.root", "WARN"),
                    Map.of(), Map.of())) {
                Map<String, List<Double>> results = new LinkedHashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    boolean lockFirst = round % 2 == 0;
                    for (int threads : new int[]{1, 8, 16}) {
                        for (boolean lock : lockFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
                            commitOrder(db, lock);
                            double rate = raw(db, threads);
                            results.computeIfAbsent("raw JDBC INSERT+COMMIT, " + threads + " connection(s)|" + lock,
                                    k -> new ArrayList<>()).add(rate);
                        }
                    }
                }
                // what a reader pays per fetch: the horizon, next to the cheapest query on the event table
                double horizon = micros(db, "SELECT event_store.read_horizon()", 3000);
                double probe = micros(db, "SELECT max(global_index) FROM event_store.domain_event_entry", 3000);
                LedgerHttp http = new LedgerHttp(ledger.commandPort());
                List<String> relationships = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    relationships.add(http.post(TestUsers.RITA, "/relationships",
                            "{\"counterparty\":{\"name\":\"Bench " + i + "\",\"kind\":\"CUSTOMER\"}}").text("aggregateId"));
                }
                commitOrder(db, true);
                system(http, relationships, 8, 5_000, new Histogram(3)); // warm-up
                Map<String, Histogram> latencies = new LinkedHashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    for (int clients : new int[]{1, 8}) {
                        for (boolean lock : round % 2 == 0 ? new boolean[]{true, false} : new boolean[]{false, true}) {
                            commitOrder(db, lock);
                            String name = "HTTP log-contact commands, " + clients + " client(s)|" + lock;
                            Histogram latency = latencies.computeIfAbsent(name, k -> new Histogram(3));
                            results.computeIfAbsent(name, k -> new ArrayList<>())
                                    .add(system(http, relationships, clients, SYSTEM_MILLIS, latency));
                        }
                    }
                }
                commitOrder(db, true);
                System.out.printf("%nreader: SELECT event_store.read_horizon() median %.0f µs; SELECT max(global_index) "
                        + "median %.0f µs (per fetch of up to 100 events)%n", horizon, probe);
                System.out.printf("%n| measured (%d rounds, interleaved; load average %s) | V9 (register, then draw), median/s "
                                + "| column default, median/s | V9/default per round, median | runs V9 | runs default |%n"
                                + "|---|---|---|---|---|---|%n", ROUNDS, loadAverage());
                for (String key : results.keySet()) {
                    if (!key.endsWith("|true")) {
                        continue;
                    }
                    String name = key.substring(0, key.length() - 5);
                    List<Double> on = results.get(name + "|true");
                    List<Double> off = results.get(name + "|false");
                    List<Double> ratios = new ArrayList<>();
                    for (int i = 0; i < on.size(); i++) {
                        ratios.add(on.get(i) / off.get(i));
                    }
                    Histogram onLatency = latencies.get(name + "|true");
                    Histogram offLatency = latencies.get(name + "|false");
                    System.out.printf("| %s | %,.0f | %,.0f | %.2f | %s | %s |%n", name
                                    + (onLatency == null ? "" : String.format(" (p50 %.1f / %.1f ms)",
                                    onLatency.getValueAtPercentile(50) / 1000.0, offLatency.getValueAtPercentile(50) / 1000.0)),
                            median(on), median(off), median(ratios), runs(on), runs(off));
                }
            }
        }
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String runs(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.0f", v)).toList());
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** Switches between V9 (each append registers before it draws its position) and the column default (before V7). */
    static void commitOrder(EmbeddedDatabase db, boolean on) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
            if (on) {
                s.execute("ALTER TABLE event_store.domain_event_entry ALTER COLUMN global_index DROP DEFAULT");
                s.execute("ALTER TABLE event_store.domain_event_entry ENABLE TRIGGER domain_event_entry_register_and_draw_position");
            } else {
                s.execute("ALTER TABLE event_store.domain_event_entry DISABLE TRIGGER domain_event_entry_register_and_draw_position");
                s.execute("ALTER TABLE event_store.domain_event_entry ALTER COLUMN global_index SET DEFAULT nextval('event_store.event_global_index_seq')");
            }
        }
    }

    /** Median microseconds of a statement, run {@code times} times on one connection as the query side's login. */
    static double micros(EmbeddedDatabase db, String sql, int times) throws Exception {
        List<Double> samples = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "ledger_query", ""); Statement s = c.createStatement()) {
            for (int i = 0; i < times; i++) {
                long t0 = System.nanoTime();
                try (var rs = s.executeQuery(sql)) {
                    rs.next();
                }
                samples.add((System.nanoTime() - t0) / 1000.0);
            }
        }
        return median(samples);
    }

    /** Transactions per second, each one INSERT of an event-sized row and a COMMIT, as the command side's login. */
    static double raw(EmbeddedDatabase db, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long n = 0;
                try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "ledger_command", "")) {
                    c.setAutoCommit(false);
                    String relationship = UUID.randomUUID().toString();
                    try (PreparedStatement s = c.prepareStatement("""
                            INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier,
                                sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)
                            VALUES (?, ?, ?, 'Relationship', ?, ?, NULL, convert_to(?, 'UTF8'), convert_to(?, 'UTF8'))""")) {
                        while (!stop.get()) {
                            String id = UUID.randomUUID().toString();
                            s.setString(1, id);
                            s.setString(2, relationship);
                            s.setLong(3, n);
                            s.setString(4, Instant.now().toString());
                            // a relationship opened, then contacts: events the projections can fold
                            s.setString(5, n == 0 ? "dev.relationshipledger.kernel.relationship.RelationshipOpened"
                                    : "dev.relationshipledger.kernel.relationship.ContactLogged");
                            s.setString(6, n == 0 ? OPENED.formatted(relationship)
                                    : PAYLOAD.formatted(relationship, id, "Quarterly review " + n));
                            s.setString(7, META.formatted(id, id));
                            s.executeUpdate();
                            c.commit();
                            n++;
                        }
                    }
                }
                return n;
            }));
        }
        long started = System.nanoTime();
        Thread.sleep(RAW_MILLIS);
        stop.set(true);
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return total / seconds;
    }

    /** Accepted commands per second over HTTP, one client thread per relationship, closed loop. */
    static double system(LedgerHttp http, List<String> relationships, int clients, long millis, Histogram latency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Long>> counts = new ArrayList<>();
        for (String relationship : relationships.subList(0, clients)) {
            counts.add(pool.submit(() -> {
                long n = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    Answer a = http.post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", """
                            {"channel":"CALL","summary":"Quarterly review","sentiment":"NEUTRAL",
                             "participants":["Jane Doe"],"occurredAt":"2026-11-20T10:00:00Z"}""");
                    if (a.status() != 201) {
                        throw new AssertionError(a.body());
                    }
                    synchronized (latency) {
                        latency.recordValue((System.nanoTime() - t0) / 1000);
                    }
                    n++;
                }
                return n;
            }));
        }
        long started = System.nanoTime();
        Thread.sleep(millis);
        stop.set(true);
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return total / seconds;
    }
}
