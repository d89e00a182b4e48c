package dev.relationshipledger.support.operations;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** A gauge's value read in the background: never waited for, never read twice at once, failures logged per outage. */
class RefreshedReadingTest {

    private final Logger log = mock(Logger.class);

    @Test
    void aHungReadIsNotWaitedForNorJoinedByAnother() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (RefreshedReading<String> reading = new RefreshedReading<>("a value", Duration.ofMillis(10), "initial",
                () -> {
                    mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                    try {
                        if (reads.incrementAndGet() == 1) {
                            entered.countDown();
                            release.await();
                        }
                        return "read";
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    } finally {
                        atOnce.decrementAndGet();
                    }
                }, last -> "unknown", log)) {
            reading.start();
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThat(reading.get()).isEqualTo("initial");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
            Thread.sleep(200); // twenty periods: no read may start beside the hung one
            assertThat(reads).hasValue(1);

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!reading.get().equals("read") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(reading.get()).isEqualTo("read");
            Thread.sleep(50);
            assertThat(reads.get()).isGreaterThan(1);
            assertThat(mostAtOnce).hasValue(1);
        }
    }

    @Test
    void aFailedReadShowsTheValueAsUnreadableAndAnOutageWarnsOnce() {
        AtomicBoolean down = new AtomicBoolean();
        AtomicInteger value = new AtomicInteger();
        RefreshedReading<Double> reading = new RefreshedReading<>("a value", Duration.ofSeconds(1), Double.NaN,
                () -> {
                    if (down.get()) {
                        throw new IllegalStateException("Failed to obtain JDBC Connection");
                    }
                    return (double) value.incrementAndGet();
                }, last -> Double.NaN, log);

        reading.refresh();
        assertThat(reading.get()).isEqualTo(1.0);

        down.set(true);
        for (int i = 0; i < 5; i++) {
            reading.refresh();
            assertThat(reading.get()).isNaN();
        }
        verify(log, times(1)).warn(anyString(), any(Object.class), any(Object.class));
        verify(log, never()).info(anyString(), any(Object.class));

        down.set(false);
        reading.refresh();
        reading.refresh();
        assertThat(reading.get()).isEqualTo(3.0);
        verify(log, times(1)).info(anyString(), any(Object.class));

        down.set(true);
        reading.refresh();
        verify(log, times(2)).warn(anyString(), any(Object.class), any(Object.class));
    }
}
