package dev.relationshipledger.deploy.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where the time goes during one measurement ({@code --profile DIR}): which threads of this JVM took the CPU and in
 * which methods (JFR execution samples, the recording kept in DIR), how the machine's CPU divided between this JVM
 * and PostgreSQL ({@code /proc}), which statements PostgreSQL spent its time in ({@code pg_stat_statements}, when
 * the server preloads it: {@code --database-settings shared_preload_libraries=pg_stat_statements}) and what its
 * busy backends were waiting for ({@code pg_stat_activity}, sampled every 20 ms), and what the WAL took per commit
 * ({@code pg_stat_wal}, {@code pg_stat_database}). A profiled run is slower than an unprofiled one (JFR's sampling,
 * the samplers' queries): read its shares, not its rate.
 */
final class Profiler {

    interface Connections {
        Connection open() throws SQLException;
    }

    /** Thread names without their numbers, so that a pool's threads add up. */
    private static final Pattern NUMBERS = Pattern.compile("\\d+");
    private static final int TOP = 15;

    private final Path directory;
    private final Connections connections;

    Profiler(Path directory, Connections connections) {
        this.directory = directory;
        this.connections = connections;
    }

    /**
     * Runs {@code measured} twice under the profile and answers the summary of the second run (also printed). The
     * first run is a warm-up: switching JFR's profile settings on costs the JVM a round of recompilation (a 5 s run
     * fell to a seventh of its rate), so only the events of the second run are summarized.
     */
    Map<String, Object> profile(String name, LedgerBenchmark.Measured measured) throws Exception {
        Files.createDirectories(directory);
        Path jfr = directory.resolve(name.replaceAll("[^A-Za-z0-9]+", "-") + ".jfr");
        Map<String, Object> summary = new LinkedHashMap<>();
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            summary.put("warmUpResult", measured.run());
            StatementTimes statementTimes = new StatementTimes(connections);
            boolean statements = statementTimes.reset();
            Map<String, Long> waits = new HashMap<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            Connection sampling = connections.open();
            Instant from = Instant.now();
            Wal walBefore = Wal.now(sampling);
            Cpu before = Cpu.now();
            try {
                sampler.scheduleAtFixedRate(() -> sampleWaits(sampling, waits), 0, 20, TimeUnit.MILLISECONDS);
                summary.put("result", measured.run());
            } finally {
                sampler.shutdown();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            summary.put("cpu", Cpu.now().since(before));
            try (sampling) {
                summary.put("wal", Wal.now(sampling).since(walBefore));
            }
            recording.stop();
            recording.dump(jfr);
            summary.put("recording", jfr.toString());
            summarizeSamples(jfr, from, summary);
            synchronized (waits) {
                summary.put("postgresBackendsBySample", top(waits, TOP));
            }
            summary.put("postgresStatements", statements ? statementTimes.top(20) : "pg_stat_statements not preloaded");
        }
        System.out.println("profile " + name + ": " + LedgerBenchmark.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(summary));
        return summary;
    }

    // ------------------------------------------------------------------------------------------------- JFR

    /** Samples by thread (numbers dropped), by the sampled method, and by the ledger's own methods on the stack. */
    static void summarizeSamples(Path jfr, Instant from, Map<String, Object> summary) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> bySelf = new HashMap<>();
        Map<String, Long> onStack = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStartTime().isBefore(from)) {
                continue;
            }
            samples++;
            RecordedThread thread = event.getThread("sampledThread");
            String threadName = thread == null ? "?" : String.valueOf(thread.getJavaName());
            byThread.merge(NUMBERS.matcher(threadName).replaceAll("#"), 1L, Long::sum);
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                bySelf.merge(method(frames.get(0)), 1L, Long::sum);
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = method(frame);
                if (method.startsWith("dev.relationshipledger.") && seen.add(method)) {
                    onStack.merge(method, 1L, Long::sum);
                }
            }
        }
        summary.put("jfrExecutionSamples", samples);
        summary.put("samplesByThread", top(byThread, TOP));
        summary.put("samplesBySampledMethod", top(bySelf, TOP));
        summary.put("samplesWithLedgerMethodOnStack", top(onStack, 25));
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static Map<String, Long> top(Map<String, Long> counts, int n) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    // ------------------------------------------------------------------------------------------------- PostgreSQL

    private void sampleWaits(Connection connection, Map<String, Long> waits) {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT backend_type || ' ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU'), count(*)
                     FROM pg_stat_activity
                     WHERE state = 'active' AND pid <> pg_backend_pid()
                       AND backend_type IN ('client backend', 'autovacuum worker')
                     GROUP BY 1""")) {
            synchronized (waits) {
                while (rs.next()) {
                    waits.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }
            }
        } catch (SQLException e) {
            // a missed sample: the profile is a sample anyway
        }
    }

    // ------------------------------------------------------------------------------------------------- WAL

    /**
     * The server's WAL counters and this database's commits. Per commit they show what a commit costs the WAL (bytes,
     * full page images written after a checkpoint) and how well commits share a flush (group commit): fewer syncs
     * than commits. PostgreSQL counts every committed transaction, read-only ones included (queries, the samplers'
     * own), so the per-commit figures compare runs of one workload, not workloads.
     */
    record Wal(long records, long fullPageImages, long bytes, long syncs, long commits) {

        static Wal now(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT w.wal_records, w.wal_fpi, w.wal_bytes, w.wal_sync, d.xact_commit
                         FROM pg_stat_wal w, pg_stat_database d WHERE d.datname = current_database()""")) {
                rs.next();
                return new Wal(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
            }
        }

        Map<String, Object> since(Wal before) {
            long commits = Math.max(1, this.commits - before.commits);
            Map<String, Object> wal = new LinkedHashMap<>();
            wal.put("commits", this.commits - before.commits);
            wal.put("bytes", bytes - before.bytes);
            wal.put("bytesPerCommit", (bytes - before.bytes) / commits);
            wal.put("recordsPerCommit", (double) (records - before.records) / commits);
            wal.put("fullPageImages", fullPageImages - before.fullPageImages);
            wal.put("syncs", syncs - before.syncs);
            wal.put("commitsPerSync", (double) commits / Math.max(1, syncs - before.syncs));
            return wal;
        }
    }

    // ------------------------------------------------------------------------------------------------- CPU

    /** CPU seconds so far: the machine (busy, all cores), this JVM, and every process named postgres. */
    record Cpu(long wallNanos, double machineBusy, double jvm, double postgres) {

        static Cpu now() throws IOException {
            String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double busy = 0; // user nice system (idle iowait) irq softirq steal; guest time is counted in user already
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(all[i]);
            }
            double postgres = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) processes.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                    postgres += postgresTicks(p);
                }
            }
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            return new Cpu(System.nanoTime(), busy / ProcStat.TICKS_PER_SECOND, jvm,
                    postgres / ProcStat.TICKS_PER_SECOND);
        }

        private static long postgresTicks(Path process) {
            try {
                String stat = Files.readString(process.resolve("stat"));
                return ProcStat.name(stat).startsWith("postgres") ? ProcStat.ticks(stat) : 0;
            } catch (IOException | RuntimeException e) {
                return 0; // the process ended meanwhile
            }
        }

        /** Cores' worth of CPU each used in between (2.0 = two cores busy the whole time). */
        Map<String, Object> since(Cpu before) {
            double seconds = (wallNanos - before.wallNanos) / 1e9;
            Map<String, Object> cores = new LinkedHashMap<>();
            cores.put("seconds", seconds);
            cores.put("machineBusyCores", (machineBusy - before.machineBusy) / seconds);
            cores.put("thisJvmCores", (jvm - before.jvm) / seconds);
            cores.put("postgresCores", (postgres - before.postgres) / seconds);
            return cores;
        }
    }
}
