package dev.relationshipledger.deploy.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the ledger's PostgreSQL sessions wait for, sampled from {@code pg_stat_activity} every 10 ms on a connection
 * of its own until {@link #stop}: how often each wait event was seen, per side, and the WAL stalls, stretches in which
 * at least {@value #STALL_SESSIONS} command-side sessions waited for the WAL at once. The ninth round found S2's slow
 * commands queued behind such stalls (a session creating a WAL segment, or a WAL flush that hung) with an ad hoc
 * {@code psql \watch}; this puts the same view into every S2 run.
 *
 * <p>A session is the query side's when its {@code application_name} starts with {@code ledger-query-side/} (set in
 * query-side.yml); every other active client session but the sampler's own is counted as the command side's. "CPU"
 * is an active session without a wait event: on a core, or waiting for one. A WAL flush seen in consecutive samples
 * of one command session ({@code IO:WalSync}) lasted at least from the first to the last: the disk held it up.
 */
final class WalWaits {

    static final int STALL_SESSIONS = 5;
    static final Duration INTERVAL = Duration.ofMillis(10);

    private static final String ACTIVE_SESSIONS = """
            SELECT pid, application_name LIKE 'ledger-query-side/%' AS query_side,
                   coalesce(wait_event_type || ':' || wait_event, 'CPU') AS waiting
            FROM pg_stat_activity
            WHERE datname = current_database() AND backend_type = 'client backend' AND state = 'active'
              AND pid <> pg_backend_pid()""";

    private final Connection connection;
    private final Duration delay;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile SQLException failure;

    private final Map<String, Long> commandSide = new TreeMap<>();
    private final Map<String, Long> querySide = new TreeMap<>();
    private final Stalls stalls = new Stalls(STALL_SESSIONS);
    private final Stalls segmentCreations = new Stalls(1);
    private final Flushes flushes = new Flushes();
    private long samples;

    private WalWaits(Connection connection, Duration delay) {
        this.connection = connection;
        this.delay = delay;
        sampler = new Thread(this::sample, "wal-wait-probe");
        sampler.setDaemon(true);
    }

    /** Samples from {@code delay} on, on {@code connection}, which {@link #stop} closes. */
    static WalWaits startAfter(Connection connection, Duration delay) {
        WalWaits waits = new WalWaits(connection, delay);
        waits.sampler.start();
        return waits;
    }

    private void sample() {
        try (connection; PreparedStatement activity = connection.prepareStatement(ACTIVE_SESSIONS)) {
            Thread.sleep(delay.toMillis());
            while (running) {
                long at = System.nanoTime();
                int waitingForWal = 0;
                boolean creatingSegment = false;
                Set<Integer> flushingNow = new HashSet<>();
                try (ResultSet rs = activity.executeQuery()) {
                    while (rs.next()) {
                        int session = rs.getInt(1);
                        boolean query = rs.getBoolean(2);
                        String waiting = rs.getString(3);
                        (query ? querySide : commandSide).merge(waiting, 1L, Long::sum);
                        if (!query && isWal(waiting)) {
                            waitingForWal++;
                        }
                        if (!query && waiting.equals("IO:WalSync")) {
                            flushingNow.add(session);
                        }
                        creatingSegment |= waiting.startsWith("IO:WalInit");
                    }
                }
                flushes.sample(at, flushingNow);
                samples++;
                stalls.sample(at, waitingForWal);
                segmentCreations.sample(at, creatingSegment ? 1 : 0);
                long left = INTERVAL.toNanos() - (System.nanoTime() - at);
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            }
        } catch (InterruptedException e) {
            // stopped during the delay or a pause between samples
        } catch (SQLException e) {
            failure = e;
        }
    }

    /** The WAL's lock, its writes and flushes, and the zero-filling of a new segment. */
    static boolean isWal(String waiting) {
        return waiting.startsWith("LWLock:WAL") || waiting.startsWith("IO:Wal");
    }

    /** Stops sampling and answers what was seen; fails if sampling did. */
    Summary stop() throws InterruptedException, SQLException {
        running = false;
        sampler.interrupt();
        sampler.join();
        if (failure != null) {
            throw failure;
        }
        stalls.close();
        segmentCreations.close();
        flushes.close();
        return new Summary(samples, top(commandSide), top(querySide), stalls.count(), stalls.longestMillis(),
                stalls.totalMillis(), segmentCreations.count(), flushes.longestMillis(), flushes.over20Ms());
    }

    private static Map<String, Long> top(Map<String, Long> seen) {
        Map<String, Long> top = new LinkedHashMap<>();
        seen.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(6).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /**
     * @param commandSide       the command side's most frequent states, in samples (one per session and sample)
     * @param walStalls         stretches with at least {@value #STALL_SESSIONS} command sessions waiting for the WAL
     * @param segmentsCreated   stretches in which some session zero-filled or synced a new WAL segment
     * @param longestFlushMillis how long the longest WAL flush of a command session lasted at least
     * @param flushesOver20Ms   WAL flushes of command sessions seen to last 20 ms or more
     */
    record Summary(long samples, Map<String, Long> commandSide, Map<String, Long> querySide, int walStalls,
                   double longestStallMillis, double stalledMillis, int segmentsCreated, double longestFlushMillis,
                   int flushesOver20Ms) {
    }

    /**
     * Stretches of consecutive samples whose count reached a threshold, each lasting from its first sample to the
     * first sample below it (or its last sample, when sampling ends within one).
     */
    static final class Stalls {
        private final int threshold;
        private long start = -1;
        private long last;
        private int count;
        private long longestNanos;
        private long totalNanos;

        Stalls(int threshold) {
            this.threshold = threshold;
        }

        void sample(long atNanos, int value) {
            if (value >= threshold) {
                if (start < 0) {
                    start = atNanos;
                }
                last = atNanos;
            } else if (start >= 0) {
                end(atNanos);
            }
        }

        void close() {
            if (start >= 0) {
                end(last);
            }
        }

        private void end(long atNanos) {
            long length = atNanos - start;
            count++;
            longestNanos = Math.max(longestNanos, length);
            totalNanos += length;
            start = -1;
        }

        int count() {
            return count;
        }

        double longestMillis() {
            return longestNanos / 1e6;
        }

        double totalMillis() {
            return totalNanos / 1e6;
        }
    }

    /**
     * Each session's WAL flushes, from the sessions seen flushing in each sample: a flush seen in consecutive samples
     * lasted at least from the first to the last of them.
     */
    static final class Flushes {
        private final Map<Integer, long[]> flushing = new HashMap<>(); // session → first and last sample seen
        private long longestNanos;
        private int over20Ms;

        void sample(long atNanos, Set<Integer> sessionsFlushing) {
            List<Integer> done = flushing.keySet().stream().filter(s -> !sessionsFlushing.contains(s)).toList();
            done.forEach(session -> ended(flushing.remove(session)));
            for (Integer session : sessionsFlushing) {
                flushing.computeIfAbsent(session, s -> new long[]{atNanos, atNanos})[1] = atNanos;
            }
        }

        void close() {
            flushing.values().forEach(this::ended);
            flushing.clear();
        }

        private void ended(long[] firstAndLast) {
            long atLeast = firstAndLast[1] - firstAndLast[0];
            longestNanos = Math.max(longestNanos, atLeast);
            if (atLeast >= TimeUnit.MILLISECONDS.toNanos(20)) {
                over20Ms++;
            }
        }

        double longestMillis() {
            return longestNanos / 1e6;
        }

        int over20Ms() {
            return over20Ms;
        }
    }
}
