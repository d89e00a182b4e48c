package dev.relationshipledger.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How much CPU a JVM's JIT compilers have used, from {@code /proc}: the user and system time of its threads named
 * "C1 CompilerThread…" and "C2 CompilerThread…". A benchmark measures compiled code only once this stops growing
 * (fifteenth round: once S1's load began, the compilers took about a core of the two for a minute and a half).
 */
final class JitActivity {

    /** The compilers' CPU, in cores, at or below which {@link #untilQuiet} calls the JVMs warm. */
    static final double QUIET = 0.05;

    /** CPU seconds the JIT compilers of the JVMs a warm-up waits for have used so far. */
    interface CompilerClock {
        double seconds() throws Exception;
    }

    /** One round of unmeasured work. */
    interface Round {
        void run() throws Exception;
    }

    /** What {@link #untilQuiet} did. */
    record WarmUp(List<Double> compilerCoresByRound, boolean quiet, double seconds, double compilerCpuSeconds) {

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("compilerCoresByRound", compilerCoresByRound);
            json.put("quiet", quiet);
            json.put("seconds", seconds);
            json.put("compilerCpuSeconds", compilerCpuSeconds);
            return json;
        }

        /** For a diagnostic row. */
        String describe() {
            return String.format("after %.0f s of warm-up, %s; the compilers' cores in its rounds: %s", seconds,
                    quiet ? "until they were quiet" : "cut at --s1-warm-up",
                    compilerCoresByRound.stream().map(v -> String.format("%.2f", v)).collect(Collectors.joining(", ")));
        }
    }

    private JitActivity() {
    }

    /**
     * Runs {@code round} again and again until a round in which the compilers used at most {@link #QUIET} of a core,
     * or until {@code atMost} has passed (no round at all when it is zero).
     */
    static WarmUp untilQuiet(Round round, CompilerClock compilers, Duration atMost) throws Exception {
        List<Double> cores = new ArrayList<>();
        long t0 = System.nanoTime();
        double compiler0 = compilers.seconds();
        boolean quiet = false;
        while (!quiet && System.nanoTime() - t0 < atMost.toNanos()) {
            long roundStart = System.nanoTime();
            double roundCompiler = compilers.seconds();
            round.run();
            double used = (compilers.seconds() - roundCompiler) / ((System.nanoTime() - roundStart) / 1e9);
            cores.add(used);
            quiet = used <= QUIET;
        }
        return new WarmUp(cores, quiet, (System.nanoTime() - t0) / 1e9, compilers.seconds() - compiler0);
    }

    /** CPU seconds the compiler threads of process {@code pid} have used so far (those still alive). */
    static double compilerCpuSeconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToDouble(JitActivity::compilerSeconds).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks, e);
        }
    }

    /** This JVM's compiler threads' CPU seconds. */
    static double compilerCpuSeconds() {
        return compilerCpuSeconds(ProcessHandle.current().pid());
    }

    private static double compilerSeconds(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).strip();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            return ProcStat.cpuSeconds(Files.readString(thread.resolve("stat")));
        } catch (NoSuchFileException gone) {
            return 0; // the thread ended while we listed them
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
