package dev.relationshipledger.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a workload's CPU goes, per operation: this JVM's threads grouped by name, and PostgreSQL's processes grouped
 * by role, from {@code /proc}. A profile's samples say which methods run; this says how many microseconds each part
 * of the system spends on one command, which is what S1's ratio to raw comes down to once the two cores are busy
 * (sixteenth round: a command over HTTP cost about twice what it cost through the gateway, and a raw insert a
 * fifth of that).
 *
 * <p>Threads and processes come and go during a run (S1's clients are started for each run; S0's connections are
 * opened for it), so the times are sampled every {@link #PERIOD_MILLIS} ms and each one's growth is added up: one
 * that ends loses at most its last period, one that begins and ends between two samples is lost. The sampler's own
 * thread is counted too, as {@code jvm: cpu-budget}.
 */
final class CpuBudget {

    static final long PERIOD_MILLIS = 200;

    /** A thread's name as Linux keeps it (its first 15 characters), with numbers folded so that a pool adds up. */
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    /** The roles of PostgreSQL's auxiliary processes, as their titles name them ({@code postgres: walwriter}). */
    private static final String[] AUXILIARY = {"walwriter", "checkpointer", "background writer", "autovacuum",
        "logical replication", "walsummarizer", "archiver", "io worker", "startup", "stats collector"};

    /**
     * What the groups have used so far, in clock ticks, and what each thread or process had at the last sample: all
     * of it, and the part the kernel worked for it (system calls: sockets, futexes, fsync).
     */
    private final Map<String, Long> ticksByGroup = new HashMap<>();
    private final Map<String, Long> kernelTicksByGroup = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final Path proc;
    private final long jvmPid;
    private double operations;
    private double wallSeconds;

    CpuBudget() {
        this(Path.of("/proc"), ProcessHandle.current().pid());
    }

    CpuBudget(Path proc, long jvmPid) {
        this.proc = proc;
        this.jvmPid = jvmPid;
    }

    /**
     * Runs a workload (answering operations per second) while sampling, and adds its CPU and its operations to the
     * budget. May be called for several runs; the budget is their sum.
     */
    double during(LedgerBenchmark.Measured workload) throws Exception {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cpu-budget");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            seen.clear();
            sample(false); // the starting point of every thread and process alive now
        }
        long t0 = System.nanoTime();
        double perSecond;
        try {
            sampler.scheduleAtFixedRate(() -> {
                synchronized (this) {
                    sample(true);
                }
            }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            perSecond = workload.run();
        } finally {
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        synchronized (this) {
            sample(true);
            wallSeconds += seconds;
            operations += perSecond * seconds;
        }
        return perSecond;
    }

    /** Microseconds of CPU per operation by group, largest first, with their sum as {@code total}. */
    synchronized Map<String, Double> microsPerOperation() {
        return perOperation(ticksByGroup, ticksByGroup);
    }

    /** The part of {@link #microsPerOperation} the kernel worked, by group in the same order. */
    synchronized Map<String, Double> kernelMicrosPerOperation() {
        return perOperation(kernelTicksByGroup, ticksByGroup);
    }

    private Map<String, Double> perOperation(Map<String, Long> ticks, Map<String, Long> order) {
        Map<String, Double> micros = new LinkedHashMap<>();
        double total = 0;
        for (var group : order.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList()) {
            double value = ticks.getOrDefault(group.getKey(), 0L) / ProcStat.TICKS_PER_SECOND * 1e6
                    / Math.max(1, operations);
            micros.put(group.getKey(), value);
            total += value;
        }
        micros.put("total", total);
        return micros;
    }

    /** Cores' worth of CPU the budget's runs used, all groups together. */
    synchronized double cores() {
        long ticks = ticksByGroup.values().stream().mapToLong(Long::longValue).sum();
        return wallSeconds == 0 ? 0 : ticks / ProcStat.TICKS_PER_SECOND / wallSeconds;
    }

    /**
     * The largest groups, for a diagnostic row, each with its kernel part: "2723 µs/cmd (kernel 900):
     * jvm: http-nio-auto-# 1122 (410), postgres: client backend ledger_command 796 (…), …" for the unit "cmd".
     */
    String describe(String unit, int top) {
        Map<String, Double> micros = microsPerOperation();
        Map<String, Double> kernel = kernelMicrosPerOperation();
        StringBuilder text = new StringBuilder(String.format("%.0f µs/%s (kernel %.0f):", micros.get("total"), unit,
                kernel.get("total")));
        micros.entrySet().stream().filter(e -> !e.getKey().equals("total")).limit(top)
                .forEach(e -> text.append(String.format(" %s %.0f (%.0f),", e.getKey(), e.getValue(),
                        kernel.get(e.getKey()))));
        text.setLength(text.length() - 1);
        return text.toString();
    }

    /** Reads every thread of this JVM and every PostgreSQL process; with {@code count}, adds their growth. */
    private void sample(boolean count) {
        Path tasks = proc.resolve(Long.toString(jvmPid)).resolve("task");
        try (Stream<Path> threads = Files.list(tasks); Stream<Path> processes = Files.list(proc)) {
            threads.forEach(thread -> observe("t" + thread.getFileName(), thread, true, count));
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(process -> observe("p" + process.getFileName(), process, false, count));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks + " or " + proc, e);
        }
    }

    private void observe(String key, Path dir, boolean thread, boolean count) {
        String stat;
        String group;
        try {
            stat = Files.readString(dir.resolve("stat"));
            if (thread) {
                group = "jvm: " + NUMBERS.matcher(ProcStat.name(stat)).replaceAll("#");
            } else if (ProcStat.name(stat).startsWith("postgres")) {
                String role = role(Files.readString(dir.resolve("cmdline"), StandardCharsets.UTF_8));
                group = role == null ? null : "postgres: " + role;
            } else {
                return;
            }
        } catch (IOException | RuntimeException gone) {
            return; // the thread or process ended while we listed them
        }
        ProcStat.Times times = ProcStat.times(stat);
        // the start time tells a reused id from the one seen before
        String id = key + "@" + times.startTicks();
        Seen before = seen.get(id);
        if (group == null) {
            if (before == null) {
                return; // began and ended between two samples, or exiting before we saw it: lost, as the class says
            }
            group = before.group(); // an exiting process has no title any more: it keeps the role it had
        }
        Seen now = new Seen(times.ticks(), times.systemTicks(), group);
        seen.put(id, now);
        if (count) {
            // one first seen now started during the run: all its time belongs to it
            ticksByGroup.merge(group, now.ticks() - (before == null ? 0 : before.ticks()), Long::sum);
            kernelTicksByGroup.merge(group, now.kernelTicks() - (before == null ? 0 : before.kernelTicks()), Long::sum);
        }
    }

    /** A thread's or process's CPU at its last sample, and the group it was charged to. */
    private record Seen(long ticks, long kernelTicks, String group) {
    }

    /**
     * A PostgreSQL process's role from its title: an auxiliary process's name, or a client backend with its user
     * ({@code postgres: ledger_command ledger 127.0.0.1(51234) idle}), which tells the two sides and the benchmark's
     * own connections apart. Null for a process that is exiting: its command line is empty by then.
     */
    static String role(String commandLine) {
        String title = commandLine.replace('\0', ' ').strip();
        if (title.isEmpty()) {
            return null;
        }
        if (!title.startsWith("postgres: ")) {
            return "postmaster"; // the server process keeps the command line it was started with
        }
        String rest = title.substring("postgres: ".length());
        for (String auxiliary : AUXILIARY) {
            if (rest.startsWith(auxiliary)) {
                return auxiliary;
            }
        }
        return "client backend " + rest.split(" ", 2)[0];
    }
}
