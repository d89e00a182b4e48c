package dev.relationshipledger.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;

/**
 * S7's workload: relationship status by id and an audit-trail page of 100 entries, alternating, at a fixed arrival
 * rate, relationships picked Zipf-skewed. Runs in the benchmark's JVM ({@link #run}) or in a JVM of its own
 * ({@link #inOwnJvm}, {@link #main}), so that the load generator's threads, allocations and collections are not the
 * query side's: a load generator shares its machine with the system under test, not its heap.
 */
final class QueryLoad {

    static final String RESULT = "QUERY-LOAD-RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTHORIZATION = LedgerBenchmark.basic("maria", "maria-demo");

    /** {@code closedWarmUp}: two closed-loop rounds of this length first, so that neither side is measured cold. */
    record Settings(int port, List<String> ids, double perSecond, Duration warmUp, Duration measure, int workers,
                    long seed, String httpClient, Duration closedWarmUp) {
    }

    record Result(Histogram status, Histogram audit, long failures, OpenLoop.Window measured) {
    }

    private QueryLoad() {
    }

    static Result run(Settings s) throws Exception {
        DataGenerator.Zipf zipf = new DataGenerator.Zipf(s.ids().size(), 1.0);
        Histogram status = new Histogram(60_000_000L, 3);
        Histogram audit = new Histogram(60_000_000L, 3);
        AtomicLong failures = new AtomicLong();
        AtomicLong n = new AtomicLong();
        OpenLoop.Window window;
        try (HttpDriver http = HttpDriver.named(s.httpClient())) {
            // a cold query side answers slower than 200/s arrive, and the open loop's queue would then take longer
            // to drain than its warm-up lasts
            for (int round = 0; round < 2; round++) {
                warmUp(http, s, zipf);
            }
            OpenLoop.Request request = (random, intended, measured) -> {
                String id = s.ids().get(zipf.next(random));
                boolean isStatus = n.incrementAndGet() % 2 == 0;
                HttpDriver.Reply r = http.send("GET", s.port(), isStatus ? "/relationships/" + id
                        : "/audit?relationshipId=" + id + "&limit=100", AUTHORIZATION, null);
                long micros = Math.max(1, (System.nanoTime() - intended) / 1000);
                if (r.status() != 200) {
                    failures.incrementAndGet();
                } else if (measured) {
                    Histogram h = isStatus ? status : audit;
                    synchronized (h) {
                        h.recordValue(micros);
                    }
                }
            };
            window = OpenLoop.run(s.perSecond(), s.warmUp(), s.measure(), s.workers(), s.seed(), request);
        }
        return new Result(status, audit, failures.get(), window);
    }

    private static void warmUp(HttpDriver http, Settings s, DataGenerator.Zipf zipf) throws InterruptedException {
        long end = System.nanoTime() + s.closedWarmUp().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            SplittableRandom random = new SplittableRandom(s.seed() + 7L * t);
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        String id = s.ids().get(zipf.next(random));
                        http.send("GET", s.port(), "/relationships/" + id, AUTHORIZATION, null);
                        http.send("GET", s.port(), "/audit?relationshipId=" + id + "&limit=100", AUTHORIZATION, null);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("warm-up query failed", e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Runs the workload in a child JVM ({@code -Xmx256m}) started from this JVM's class path. */
    static Result inOwnJvm(Settings s) throws Exception {
        Path ids = Files.createTempFile("query-load-ids", ".txt");
        try {
            Files.write(ids, s.ids());
            List<String> command = ChildJvm.command(QueryLoad.class.getName(), "-Xmx256m");
            command.addAll(List.of("--port", Integer.toString(s.port()), "--ids", ids.toString(),
                    "--rate", Double.toString(s.perSecond()), "--warm-up", s.warmUp().toString(),
                    "--measure", s.measure().toString(), "--workers", Integer.toString(s.workers()),
                    "--seed", Long.toString(s.seed()), "--http-client", s.httpClient(),
                    "--closed-warm-up", s.closedWarmUp().toString()));
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String result = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(RESULT)) {
                        result = line.substring(RESULT.length());
                    } else {
                        System.out.println("query load: " + line);
                    }
                }
            }
            int exit = child.waitFor();
            if (exit != 0 || result == null) {
                throw new IllegalStateException("the query load's own JVM ended with " + exit + " and no result");
            }
            return decode(JSON.readTree(result));
        } finally {
            Files.deleteIfExists(ids);
        }
    }

    /** {@code --port P --ids FILE --rate R --warm-up D --measure D --workers N --seed S --http-client C --closed-warm-up D} */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Settings s = new Settings(Integer.parseInt(a.get("--port")), Files.readAllLines(Path.of(a.get("--ids"))),
                Double.parseDouble(a.get("--rate")), Duration.parse(a.get("--warm-up")),
                Duration.parse(a.get("--measure")), Integer.parseInt(a.get("--workers")),
                Long.parseLong(a.get("--seed")), a.get("--http-client"), Duration.parse(a.get("--closed-warm-up")));
        Result r = run(s);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", encode(r.status()));
        out.put("audit", encode(r.audit()));
        out.put("failures", r.failures());
        out.put("measuredFrom", r.measured().fromEpochMillis());
        out.put("measuredTo", r.measured().toEpochMillis());
        System.out.println(RESULT + JSON.writeValueAsString(out));
        System.exit(0);
    }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    static Result decode(JsonNode json) throws DataFormatException {
        return new Result(histogram(json.get("status").asText()), histogram(json.get("audit").asText()),
                json.get("failures").asLong(), new OpenLoop.Window(json.get("measuredFrom").asLong(),
                json.get("measuredTo").asLong()));
    }

    private static Histogram histogram(String base64) throws DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    }
}
