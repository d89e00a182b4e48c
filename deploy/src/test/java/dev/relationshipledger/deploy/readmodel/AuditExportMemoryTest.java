package dev.relationshipledger.deploy.readmodel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CSV export streams: {@value #DEFAULT_ROWS} audit rows (about 1.4 kB of CSV each, some 280 MB) are written
 * straight into the table, then exported over HTTP while the client reads line by line. Half way through, and at
 * the end, the heap of this JVM (which runs the query side) after a full collection must not have grown by more
 * than {@value #ALLOWED_GROWTH_MB} MB: a driver that materialised the result, or a response buffered whole, would
 * hold hundreds of MB half way.
 *
 * <p>Larger runs: {@code -Daudit.export.rows=1000000} (see docs/read-models/audit-trail.md for a measured run).
 */
class AuditExportMemoryTest extends RunningLedger {

    static final int DEFAULT_ROWS = 200_000;
    static final long ALLOWED_GROWTH_MB = 64;
    static final long FIRST_POSITION = 1_000_000_000L;
    static final String RELATIONSHIP = "6d1c2a3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    static int rows;
    static long insertMillis;

    @BeforeAll
    static void fillTheTrail() throws Exception {
        rows = Integer.getInteger("audit.export.rows", DEFAULT_ROWS);
        long insertStarted = System.nanoTime();
        insert(rows);
        insertMillis = (System.nanoTime() - insertStarted) / 1_000_000;
    }

    @Test
    void theCsvExportStreamsWithFlatMemory() throws Exception {

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = liveHeap(memory);
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");

        long exportStarted = System.nanoTime();
        sampler.start();
        HttpResponse<InputStream> response = export(ledger.queryPort(), "/audit/export.csv");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"audit-trail.csv\"");
        long records = 0;
        long bytes = 0;
        long halfWay = -1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            assertThat(header).startsWith("position,event_id,");
            String line;
            long expected = FIRST_POSITION + 1;
            while ((line = reader.readLine()) != null) {
                bytes += line.length() + 2;
                if (records % 10_000 == 0) {
                    assertThat(line).startsWith(expected + records + ",");
                }
                records++;
                if (records == rows / 2) {
                    // The server is mid-export, held back by this reader: what it keeps alive now is what it holds.
                    halfWay = liveHeap(memory);
                }
            }
        }
        long exportMillis = (System.nanoTime() - exportStarted) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        long after = liveHeap(memory);

        System.out.printf("audit export: %,d rows inserted in %,d ms; exported %,d rows (%,d MB CSV) in %,d ms; "
                        + "live heap baseline %,d MB, half way %,d MB, after %,d MB; sampled peak heap in use %,d MB "
                        + "(max %,d MB)%n", rows, insertMillis, records, bytes >> 20, exportMillis, baseline >> 20,
                halfWay >> 20, after >> 20, peak.get() >> 20, memory.getHeapMemoryUsage().getMax() >> 20);

        assertThat(records).isEqualTo(rows);
        assertThat((halfWay - baseline) >> 20).as("live heap growth half way, MB").isLessThan(ALLOWED_GROWTH_MB);
        assertThat((after - baseline) >> 20).as("live heap growth after the export, MB").isLessThan(ALLOWED_GROWTH_MB);
    }

    @Test
    void anExportCutShortByTheDatabaseFailsTheDownload() throws Exception {
        HttpResponse<InputStream> response = export(ledger.queryPort(), "/audit/export.ndjson");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 1000; i++) {
                assertThat(reader.readLine()).startsWith("{\"position\":");
            }
            try (Connection c = superuser(); var s = c.createStatement(); var rs = s.executeQuery("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                      AND query LIKE 'SELECT a.position, a.event_id%' AND query NOT LIKE '%LIMIT%'""")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the export's database session").isEqualTo(1);
            }
            assertThatThrownBy(() -> {
                while (reader.readLine() != null) {
                    // drain what was sent before the failure
                }
            }).as("the client must see a broken transfer, not a short file that looks whole")
                    .isInstanceOf(IOException.class);
        }
    }

    static HttpResponse<InputStream> export(int port, String path) throws Exception {
        HttpRequest request = CARL.sign(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)))
                .timeout(Duration.ofMinutes(30)).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    /**
     * Rows about 1.4 kB of CSV each, written as the superuser in one statement. The trail holds no payloads (they
     * are read from the event store, which has no events at these positions), so a contact's worth of text goes in
     * the correction reason instead.
     */
    static void insert(int rows) throws Exception {
        insert(superuser(), rows);
    }

    static void insert(Connection connection, int rows) throws Exception {
        try (Connection c = connection; PreparedStatement s = c.prepareStatement("""
                INSERT INTO read_model.audit_entry (position, event_id, relationship_id, aggregate_type, aggregate_id,
                    sequence_number, event_type, actor, actor_roles, correlation_id, causation_id, recorded_at,
                    business_time, subject, is_correction, correction_reason, corrects_position)
                SELECT ? + g, md5('e' || g)::uuid::text, ?::uuid, 'Relationship', ?, g, 'ContactLogged', 'rita',
                    'RELATIONSHIP_MANAGER', 'bulk-' || (g / 100), md5('c' || g)::uuid::text,
                    timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second',
                    timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second',
                    'contact/' || md5('s' || g)::uuid::text, false,
                    'Meeting ' || g || ': "quoted", with commas, ' || repeat('lorem ipsum dolor ', 60), NULL
                FROM generate_series(1, ?) AS g""")) {
            s.setLong(1, FIRST_POSITION);
            s.setString(2, RELATIONSHIP);
            s.setString(3, RELATIONSHIP);
            s.setInt(4, rows);
            assertThat(s.executeUpdate()).isEqualTo(rows);
        }
    }

    /** Heap in use after full collections: what is still reachable. */
    private static long liveHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
