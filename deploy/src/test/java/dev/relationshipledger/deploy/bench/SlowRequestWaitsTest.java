package dev.relationshipledger.deploy.bench;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

class SlowRequestWaitsTest {

    @Test
    void aSlowRequestsTimeIsPutOnWhatItsThreadWaitedFor(@TempDir Path directory) throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Path jfr = directory.resolve("waits.jfr");
        long[] began = new long[1];
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            lock.lock();
            Thread served = new Thread(() -> {
                began[0] = System.currentTimeMillis();
                lock.lock(); // waits for the lock the test holds: a park
                lock.unlock();
            }, "http-nio-test-exec-1");
            served.start();
            Thread.sleep(80);
            lock.unlock();
            served.join();
            recording.stop();
            recording.dump(jfr);
        }
        long took = System.currentTimeMillis() - began[0];
        Path log = Files.createDirectories(directory.resolve("access"));
        Files.write(log.resolve("access_log.txt"), List.of(
                (began[0] - 5_000) + " 90000 http-nio-test-exec-1 POST /relationships/a/contacts", // an earlier burst
                began[0] + " " + (took + 1) * 1000 + " http-nio-test-exec-1 POST /relationships/b/contacts",
                (began[0] + 1) + " 900 http-nio-test-exec-2 POST /relationships/c/contacts",
                (began[0] + 2) + " 90000 http-nio-test-exec-3 GET /relationships/c"));

        List<SlowRequestWaits.Request> burst = SlowRequestWaits.lastBurst(SlowRequestWaits.read(log), "/contacts");
        SlowRequestWaits.Summary summary = SlowRequestWaits.summarize(burst, jfr, 20);

        assertThat(summary.requests()).as("the last burst's POSTs only").isEqualTo(2);
        assertThat(summary.slow()).extracting(SlowRequestWaits.Request::thread).containsExactly("http-nio-test-exec-1");
        assertThat(summary.waits()).first().satisfies(wait -> {
            assertThat(wait.kind()).startsWith("ThreadPark on java.util.concurrent.locks.ReentrantLock")
                    .endsWith("SlowRequestWaitsTest.lambda$aSlowRequestsTimeIsPutOnWhatItsThreadWaitedFor$0");
            assertThat(wait.millis()).as("of %.0f ms", summary.slowMillis()).isGreaterThan(60);
        });
    }
}
