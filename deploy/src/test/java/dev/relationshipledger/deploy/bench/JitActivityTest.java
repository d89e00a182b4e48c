package dev.relationshipledger.deploy.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class JitActivityTest {

    @Test
    void aStatLineIsReadAfterItsName() {
        // a thread's name may hold spaces and parentheses; utime and stime are the 14th and 15th fields
        String stat = "4711 (C2 Compiler (x)) S 1 4711 4711 0 -1 4194560 100 0 0 0 250 17 0 0 20 0 1 0 5 0";

        assertThat(ProcStat.name(stat)).isEqualTo("C2 Compiler (x)");
        assertThat(ProcStat.ticks(stat)).isEqualTo(267);
        assertThat(ProcStat.cpuSeconds(stat)).isEqualTo(2.67);
    }

    @Test
    void onlyTheCompilerThreadsAreCounted() throws Exception {
        double compilers = JitActivity.compilerCpuSeconds();
        double wholeProcess = ProcStat.cpuSeconds(Files.readString(Path.of("/proc/self/stat")));

        // this JVM has compiled the test framework's code by now, and its other threads have run too
        assertThat(compilers).isPositive().isLessThan(wholeProcess);
    }

    @Test
    void theWarmUpEndsWithTheFirstQuietRound() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        double[] compiled = {0};

        JitActivity.WarmUp warmUp = JitActivity.untilQuiet(() -> {
            Thread.sleep(20);
            if (rounds.incrementAndGet() <= 2) {
                compiled[0] += 1.0; // a second of compilation in 20 ms: busy
            }
        }, () -> compiled[0], Duration.ofMinutes(1));

        assertThat(rounds).hasValue(3);
        assertThat(warmUp.quiet()).isTrue();
        assertThat(warmUp.compilerCoresByRound()).hasSize(3);
        assertThat(warmUp.compilerCoresByRound().get(0)).isGreaterThan(JitActivity.QUIET);
        assertThat(warmUp.compilerCoresByRound().get(2)).isZero();
        assertThat(warmUp.compilerCpuSeconds()).isEqualTo(2.0);
    }

    @Test
    void aWarmUpThatNeverQuietensIsCutAtItsLimit() throws Exception {
        double[] compiled = {0};

        JitActivity.WarmUp warmUp = JitActivity.untilQuiet(() -> {
            Thread.sleep(20);
            compiled[0] += 1.0;
        }, () -> compiled[0], Duration.ofMillis(100));

        assertThat(warmUp.quiet()).isFalse();
        assertThat(warmUp.seconds()).isBetween(0.1, 5.0);
        assertThat(warmUp.describe()).contains("cut at --s1-warm-up");
    }

    @Test
    void noWarmUpRunsNoRound() throws Exception {
        JitActivity.WarmUp warmUp = JitActivity.untilQuiet(() -> {
            throw new AssertionError("no round expected");
        }, () -> 0, Duration.ZERO);

        assertThat(warmUp.compilerCoresByRound()).isEmpty();
        assertThat(warmUp.quiet()).isFalse();
    }
}
