package dev.relationshipledger.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S4's probe: after every 10th acknowledged command, how long until the query side answers a read of that
 * relationship at the command's position ({@code GET /relationships/{id}?atLeast={position}}, which waits for the
 * projection server-side): ack → visible. Four probes at a time; one still out after 30 s gives up unrecorded.
 */
final class LagProbes {

    /** A read on the query side as one of its users. */
    interface Read {
        HttpDriver.Reply get(String path) throws Exception;
    }

    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ExecutorService probes = Executors.newFixedThreadPool(4);
    private final Histogram lagMicros = new Histogram(60_000_000L, 3);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failures;
    private final Read read;

    /** {@code failures} counts probes whose read failed. */
    LagProbes(Read read, AtomicLong failures) {
        this.read = read;
        this.failures = failures;
    }

    /** For each acknowledged command: its answer (aggregateId, position) and when it came, in nanoTime. */
    void acknowledged(HttpDriver.Reply reply, long doneNanos) throws IOException {
        if (acknowledged.incrementAndGet() % 10 != 0) {
            return;
        }
        JsonNode answer = LedgerBenchmark.JSON.readTree(reply.body());
        String path = "/relationships/" + answer.get("aggregateId").asText() + "?atLeast="
                + answer.get("position").asLong();
        probes.execute(() -> {
            try {
                while (System.nanoTime() - doneNanos <= GIVE_UP_NANOS) {
                    if (read.get(path).status() == 200) {
                        synchronized (lagMicros) {
                            lagMicros.recordValue(Math.max(1, (System.nanoTime() - doneNanos) / 1000));
                        }
                        return;
                    }
                }
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        });
    }

    /** Waits for the probes still out (at most a minute); answers the lags seen, in microseconds. */
    Histogram finish() throws InterruptedException {
        probes.shutdown();
        probes.awaitTermination(1, TimeUnit.MINUTES);
        synchronized (lagMicros) {
            return lagMicros.copy();
        }
    }
}
