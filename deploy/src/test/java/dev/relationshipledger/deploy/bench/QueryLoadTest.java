package dev.relationshipledger.deploy.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S7's load generator in a JVM of its own against the JDK's HTTP server: it sends the two queries at the rate asked,
 * as maria, and its histograms, failure count and measured window come back to the benchmark intact.
 */
class QueryLoadTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void runsInItsOwnJvmAndReportsWhatItMeasured() throws Exception {
        AtomicInteger statusQueries = new AtomicInteger();
        AtomicInteger auditQueries = new AtomicInteger();
        AtomicInteger unauthorized = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            if (!LedgerBenchmark.basic("maria", "maria-demo").equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
            }
            int status = 200;
            if (path.startsWith("/relationships/")) {
                statusQueries.incrementAndGet();
            } else if (path.startsWith("/audit?relationshipId=") && path.endsWith("&limit=100")) {
                auditQueries.incrementAndGet();
                status = path.contains("broken") ? 500 : 200;
            } else {
                status = 404;
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();

        QueryLoad.Result result = QueryLoad.inOwnJvm(new QueryLoad.Settings(server.getAddress().getPort(),
                List.of("a-relationship", "another", "broken"), 100, Duration.ofMillis(500), Duration.ofSeconds(1), 4,
                42, "lean", Duration.ofMillis(200)));

        // 150 open-loop requests (50 warm-up, 100 measured), alternating; "broken" is the Zipf rank 3 of 3 (18 %)
        assertThat(result.status().getTotalCount()).as("status queries measured").isBetween(30L, 70L);
        assertThat(result.audit().getTotalCount()).as("audit pages measured, failed ones not counted").isBetween(20L, 60L);
        assertThat(result.failures()).as("audit pages of the relationship the server fails").isBetween(1L, 40L);
        assertThat(statusQueries.get()).as("open loop and closed warm-up").isGreaterThan(75);
        assertThat(Math.abs(statusQueries.get() - auditQueries.get())).as("the two queries alternate").isLessThan(10);
        assertThat(unauthorized.get()).isZero();
        // the measured second in wall-clock time, for finding its requests in the server's log
        assertThat(result.measured().toEpochMillis() - result.measured().fromEpochMillis()).isBetween(999L, 1001L);
        assertThat(result.measured().toEpochMillis()).isBetween(System.currentTimeMillis() - 10_000,
                System.currentTimeMillis());
    }
}
