package dev.relationshipledger.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.testsupport.TestUsers;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent clients of the command API that keep a history of every request they make, as a careful real client
 * would: each logical request carries its own Idempotency-Key and X-Correlation-Id (the same on every retry), and
 * ends as
 * <ul>
 *     <li>acknowledged: some attempt got 2xx (aggregate, version and position noted);</li>
 *     <li>failed: every attempt was refused for sure (4xx, or the connection was refused: nothing reached a server);</li>
 *     <li>unknown: an attempt may have reached the server but its answer was lost (connection reset, timeout, 5xx),
 *     and no later attempt settled it.</li>
 * </ul>
 * A client retries an unknown attempt with the same key for a while, as clients are told to. Afterwards
 * {@link #verify} checks the event store against the history: every acknowledged request's event exists exactly
 * once where the answer said, failed ones left nothing, unknown ones at most one event, nothing else was appended,
 * and every aggregate's sequence numbers run without a hole.
 */
public final class CommandLoad implements AutoCloseable {

    public enum State { SENT, ACKNOWLEDGED, FAILED, UNKNOWN }

    /** One logical request and what became of it. */
    public static final class Request {
        final String id;
        final TestUsers user;
        final String path;
        final String body;
        final List<String> attempts = new ArrayList<>();
        volatile State state = State.SENT;
        volatile boolean uncertain;
        String aggregateId;
        long version;
        long position;

        Request(String id, TestUsers user, String path, String body) {
            this.id = id;
            this.user = user;
            this.path = path;
            this.body = body;
        }

        public State state() {
            return state;
        }
    }

    /** What {@link #verify} found. */
    public record Verdict(int requests, int acknowledged, int failed, int unknown, int unknownButAppended,
                          int attempts, int events) {
        @Override
        public String toString() {
            return requests + " requests (" + attempts + " attempts): " + acknowledged + " acknowledged, " + failed
                    + " failed, " + unknown + " unknown (" + unknownButAppended + " of them appended); " + events
                    + " events";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<TestUsers> WRITERS = List.of(TestUsers.RITA, TestUsers.RALF, TestUsers.MARIA);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String prefix;
    private final ConcurrentLinkedQueue<Request> history = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> clients = new ArrayList<>();
    private final Duration retryFor;
    private final Duration pace;

    /**
     * @param prefix   distinguishes this load's requests (ids, names) from any other's in the same database
     * @param retryFor how long a client keeps retrying an unknown attempt before it gives up and moves on
     * @param pace     how long a client waits between two requests (so that the load leaves the two cores room to
     *                 restart what is killed)
     */
    public CommandLoad(int port, String prefix, Duration retryFor, Duration pace) {
        this.base = "http://localhost:" + port;
        this.prefix = prefix;
        this.retryFor = retryFor;
        this.pace = pace;
    }

    /** Starts {@code count} clients, client i as user WRITERS[i % 3], with seed {@code seed + i}. */
    public CommandLoad start(int count, long seed) {
        for (int i = 0; i < count; i++) {
            TestUsers user = WRITERS.get(i % WRITERS.size());
            Random random = new Random(seed + i);
            Thread client = new Thread(() -> run(user, random), prefix + "-client-" + i);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
        return this;
    }

    private void run(TestUsers user, Random random) {
        List<String> relationships = new ArrayList<>();
        while (!stop.get()) {
            Request request;
            if (relationships.isEmpty() || random.nextInt(5) == 0) {
                String id = nextId();
                request = new Request(id, user, "/relationships", "{\"counterparty\":{\"name\":\"" + id
                        + "\",\"kind\":\"CUSTOMER\"},\"tier\":\"STANDARD\"}");
            } else {
                String relationship = relationships.get(random.nextInt(relationships.size()));
                request = new Request(nextId(), user, "/relationships/" + relationship + "/contacts",
                        "{\"channel\":\"CALL\",\"summary\":\"call " + sequence.get() + "\",\"sentiment\":\""
                                + (random.nextBoolean() ? "POSITIVE" : "NEUTRAL")
                                + "\",\"occurredAt\":\"2026-01-05T10:00:00Z\"}");
            }
            history.add(request);
            settle(request, stop);
            if (request.state == State.ACKNOWLEDGED && request.path.equals("/relationships")) {
                relationships.add(request.aggregateId);
            }
            if (request.state != State.ACKNOWLEDGED) {
                ChildApplication.sleep(100); // the server is down or restarting: do not spin
            } else if (!pace.isZero()) {
                ChildApplication.sleep(pace.toMillis());
            }
        }
    }

    private String nextId() {
        return prefix + "-" + sequence.incrementAndGet();
    }

    /** Sends until the request is settled, or until it has been retried for {@code retryFor} (or the load stops). */
    void settle(Request request, AtomicBoolean stopping) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        while (true) {
            attempt(request);
            if (request.state == State.ACKNOWLEDGED || request.state == State.FAILED) {
                return;
            }
            if (System.nanoTime() > deadline || stopping.get()) {
                return;
            }
            ChildApplication.sleep(200);
        }
    }

    /** One attempt; an attempt that may have reached the server makes the request uncertain until it is settled. */
    private void attempt(Request request) {
        HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(base + request.path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", request.user.basicAuth())
                .header("Idempotency-Key", request.id)
                .header("X-Correlation-Id", request.id)
                .POST(HttpRequest.BodyPublishers.ofString(request.body)).build();
        try {
            HttpResponse<String> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            synchronized (request) {
                request.attempts.add(Integer.toString(status));
            }
            if (status == 200 || status == 201) {
                JsonNode answer = JSON.readTree(response.body());
                request.aggregateId = answer.get("aggregateId").asText();
                request.version = answer.get("version").asLong();
                request.position = answer.get("position").asLong();
                request.state = State.ACKNOWLEDGED;
            } else if (status >= 400 && status < 500) {
                if (request.uncertain) {
                    // with its key, a retry of a recorded request is answered, of an unrecorded one recorded
                    anomalies.add(request.id + " refused with " + status + " after an uncertain attempt: " + response.body());
                    request.state = State.UNKNOWN;
                } else {
                    request.state = State.FAILED;
                }
            } else {
                request.uncertain = true;
                request.state = State.UNKNOWN;
            }
        } catch (ConnectException refused) {
            refused(request);
        } catch (HttpTimeoutException timeout) {
            uncertain(request, "timeout");
        } catch (IOException e) {
            if (causedBy(e, ConnectException.class)) {
                refused(request);
            } else {
                uncertain(request, e.getClass().getSimpleName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            uncertain(request, "interrupted");
        }
    }

    private void refused(Request request) {
        synchronized (request) {
            request.attempts.add("refused");
        }
        request.state = request.uncertain ? State.UNKNOWN : State.FAILED;
    }

    private void uncertain(Request request, String why) {
        synchronized (request) {
            request.attempts.add(why);
        }
        request.uncertain = true;
        request.state = State.UNKNOWN;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Stops the clients; each finishes the request it is on (without further retries). */
    public void stop() {
        stop.set(true);
        for (Thread client : clients) {
            try {
                client.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clients.clear();
    }

    /**
     * Retries every other unknown request (by its number) with its key until it is settled, as a client would
     * after a crash; the rest stay unknown, so that "at most once" is checked too.
     */
    public int retryHalfOfTheUnknown(Duration within) {
        int retried = 0;
        for (Request request : history) {
            if (request.state == State.UNKNOWN && Integer.parseInt(request.id.substring(prefix.length() + 1)) % 2 == 0) {
                settle(request, new AtomicBoolean());
                long deadline = System.nanoTime() + within.toNanos();
                while (request.state == State.UNKNOWN && System.nanoTime() < deadline) {
                    settle(request, new AtomicBoolean());
                }
                retried++;
            }
        }
        return retried;
    }

    public List<Request> history() {
        return List.copyOf(history);
    }

    public long count(State state) {
        return history.stream().filter(r -> r.state == state).count();
    }

    /** Checks the event store against the history; throws AssertionError naming the first violations. */
    public Verdict verify(Connection superuser) throws SQLException {
        Map<String, List<long[]>> byCorrelation = new HashMap<>();
        Map<String, List<Long>> sequences = new HashMap<>();
        int events = 0;
        try (Statement s = superuser.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT global_index, aggregate_identifier, sequence_number,
                       convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId'
                FROM event_store.domain_event_entry ORDER BY global_index""")) {
            while (rs.next()) {
                String correlation = rs.getString(4);
                String aggregate = rs.getString(2);
                sequences.computeIfAbsent(aggregate, k -> new ArrayList<>()).add(rs.getLong(3));
                if (correlation != null && correlation.startsWith(prefix + "-")) {
                    events++;
                    byCorrelation.computeIfAbsent(correlation, k -> new ArrayList<>())
                            .add(new long[]{rs.getLong(1), rs.getLong(3)});
                    aggregates.put(correlation + "#" + rs.getLong(1), aggregate);
                }
            }
        }
        List<String> violations = new ArrayList<>();
        int acknowledged = 0;
        int failed = 0;
        int unknown = 0;
        int unknownButAppended = 0;
        int attempts = 0;
        java.util.Set<String> known = new java.util.HashSet<>();
        for (Request request : history) {
            known.add(request.id);
            attempts += request.attempts.size();
            List<long[]> found = byCorrelation.getOrDefault(request.id, List.of());
            switch (request.state) {
                case ACKNOWLEDGED -> {
                    acknowledged++;
                    if (found.size() != 1) {
                        violations.add("acknowledged " + request.id + " has " + found.size() + " events " + request.attempts);
                    } else if (found.get(0)[0] != request.position || found.get(0)[1] != request.version
                            || !request.aggregateId.equals(aggregates.get(request.id + "#" + found.get(0)[0]))) {
                        violations.add("acknowledged " + request.id + " answered " + request.aggregateId + "@"
                                + request.version + " position " + request.position + " but is stored at position "
                                + found.get(0)[0] + " sequence " + found.get(0)[1]);
                    }
                }
                case FAILED -> {
                    failed++;
                    if (!found.isEmpty()) {
                        violations.add("failed " + request.id + " has " + found.size() + " events " + request.attempts);
                    }
                }
                case UNKNOWN, SENT -> {
                    unknown++;
                    unknownButAppended += found.isEmpty() ? 0 : 1;
                    if (found.size() > 1) {
                        violations.add("unknown " + request.id + " has " + found.size() + " events " + request.attempts);
                    }
                }
            }
        }
        violations.addAll(anomalies);
        for (String correlation : byCorrelation.keySet()) {
            if (!known.contains(correlation)) {
                violations.add("event(s) of a request nobody made: " + correlation);
            }
        }
        sequences.forEach((aggregate, numbers) -> {
            List<Long> sorted = numbers.stream().sorted().toList();
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i) != i) {
                    violations.add("aggregate " + aggregate + " has sequence numbers " + sorted);
                    break;
                }
            }
        });
        Verdict verdict = new Verdict(history.size(), acknowledged, failed, unknown, unknownButAppended, attempts, events);
        if (!violations.isEmpty()) {
            throw new AssertionError(verdict + "; " + violations.size() + " violations, first: "
                    + violations.subList(0, Math.min(10, violations.size())));
        }
        return verdict;
    }

    private final Map<String, String> aggregates = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();

    @Override
    public void close() {
        stop();
    }
}
