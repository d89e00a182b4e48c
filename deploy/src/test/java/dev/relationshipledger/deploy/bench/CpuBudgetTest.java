package dev.relationshipledger.deploy.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The budget over a made-up {@code /proc}: one JVM with its threads, PostgreSQL's processes and an unrelated one. */
class CpuBudgetTest {

    static final long JVM = 100;

    @TempDir
    Path proc;

    @Test
    void eachGroupIsChargedWhatItsThreadsGrewByPerOperation() throws Exception {
        thread(1, "http-nio-auto-1", 500);
        thread(2, "http-nio-auto-1", 300);
        thread(3, "bench-client-0", 0);
        process(200, "postgres", "/opt/pg/bin/postgres\0-D\0/data\0", 50);
        process(201, "postgres", "postgres: ledger_command ledger 127.0.0.1(51234) idle\0", 700);
        process(202, "postgres", "postgres: walwriter \0", 10);
        process(300, "bash", "bash\0", 9_000);
        CpuBudget budget = new CpuBudget(proc, JVM);

        double rate = budget.during(() -> {
            thread(1, "http-nio-auto-1", 530, 10); // +40 ticks, 10 of them in the kernel
            thread(2, "http-nio-auto-1", 320); // +20
            thread(3, "bench-client-0", 10); // +10
            thread(4, "bench-client-1", 5); // started during the run: all of its 5
            process(201, "postgres", "postgres: ledger_command ledger 127.0.0.1(51234) COMMIT\0", 730); // +30
            process(202, "postgres", "postgres: walwriter \0", 12); // +2
            process(300, "bash", "bash\0", 9_500); // not ours
            Thread.sleep(CpuBudget.PERIOD_MILLIS / 2);
            return 0; // no operations reported: the budget divides by at least one
        });

        assertThat(rate).isZero();
        Map<String, Double> micros = budget.microsPerOperation();
        // ticks are hundredths of a second: 60 ticks over one operation = 600,000 µs
        assertThat(micros).containsEntry("jvm: http-nio-auto-#", 600_000.0)
                .containsEntry("postgres: client backend ledger_command", 300_000.0)
                .containsEntry("jvm: bench-client-#", 150_000.0)
                .containsEntry("postgres: walwriter", 20_000.0)
                .containsEntry("postgres: postmaster", 0.0)
                .doesNotContainKey("bash");
        assertThat(budget.kernelMicrosPerOperation()).containsEntry("jvm: http-nio-auto-#", 100_000.0)
                .containsEntry("postgres: client backend ledger_command", 0.0)
                .containsEntry("total", 100_000.0);
        assertThat(budget.describe("cmd", 2)).isEqualTo("1070000 µs/cmd (kernel 100000):"
                + " jvm: http-nio-auto-# 600000 (100000), postgres: client backend ledger_command 300000 (0)");
        assertThat(micros.get("total")).isCloseTo(1_070_000.0, within(1e-6));
        assertThat(micros.keySet()).first().isEqualTo("jvm: http-nio-auto-#"); // largest first
    }

    @Test
    void operationsAreTheRateTimesTheRunsLength() throws Exception {
        thread(1, "worker", 0);
        CpuBudget budget = new CpuBudget(proc, JVM);

        budget.during(() -> {
            thread(1, "worker", 100); // one second of CPU
            Thread.sleep(500);
            return 1_000; // operations per second over the run's half second or so: about 500 operations
        });

        // the run lasts half a second or a little more on a busy host; up to a whole second is tolerated
        double micros = budget.microsPerOperation().get("jvm: worker");
        assertThat(micros).isBetween(1e6 / 1_000, 1e6 / 450);
        assertThat(budget.cores()).isGreaterThan(1.0); // a second of CPU in less than a second
    }

    @Test
    void postgresRolesComeFromTheProcessTitle() {
        assertThat(CpuBudget.role("postgres: checkpointer \0")).isEqualTo("checkpointer");
        assertThat(CpuBudget.role("postgres: autovacuum worker ledger\0")).isEqualTo("autovacuum");
        assertThat(CpuBudget.role("postgres: ledger_query ledger [local] idle\0"))
                .isEqualTo("client backend ledger_query");
        assertThat(CpuBudget.role("/usr/lib/postgresql/17/bin/postgres\0-D\0/data\0")).isEqualTo("postmaster");
        assertThat(CpuBudget.role("")).isNull(); // exiting: the title is gone
    }

    @Test
    void anExitingBackendKeepsItsRoleAndIsChargedOnlyItsGrowth() throws Exception {
        thread(1, "main", 0);
        process(201, "postgres", "postgres: postgres ledger 127.0.0.1(51234) idle\0", 700);
        CpuBudget budget = new CpuBudget(proc, JVM);

        budget.during(() -> {
            process(201, "postgres", "", 750); // a zombie keeps its times, not its command line
            Thread.sleep(CpuBudget.PERIOD_MILLIS / 2);
            return 0;
        });

        // before 2026-12-02 the exiting backend was taken for a new process and charged its whole 7.5 s again
        assertThat(budget.microsPerOperation()).containsEntry("postgres: client backend postgres", 500_000.0)
                .containsEntry("total", 500_000.0);
    }

    private void thread(long tid, String name, long ticks) throws IOException {
        thread(tid, name, ticks, 0);
    }

    private void thread(long tid, String name, long userTicks, long systemTicks) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(JVM)).resolve("task")
                .resolve(Long.toString(tid)));
        Files.writeString(dir.resolve("stat"), stat(tid, name, userTicks, systemTicks));
    }

    private void process(long pid, String name, String commandLine, long ticks) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat(pid, name, ticks, 0));
        Files.writeString(dir.resolve("cmdline"), commandLine);
    }

    /** A stat line with the given utime and stime, started at tick 1 after boot. */
    private static String stat(long id, String name, long userTicks, long systemTicks) {
        return id + " (" + name + ") S" + " 0".repeat(10) + " " + userTicks + " " + systemTicks + " 0".repeat(6)
                + " 1 0 0\n";
    }
}
