package dev.relationshipledger.deploy.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The wake-up probe samples 1 ms sleeps until stopped, and not before its delay is over. */
class WakeUpsTest {

    @Test
    void samplesUntilStopped() throws Exception {
        WakeUps probe = WakeUps.start();
        Thread.sleep(300);
        Histogram late = probe.stop();
        long samples = late.getTotalCount();
        assertThat(samples).isBetween(30L, 300L); // at most one per millisecond, and a host stalls far less than that
        assertThat(probe.stalls()).isLessThanOrEqualTo(samples);
        Thread.sleep(50);
        assertThat(late.getTotalCount()).as("samples after stop").isEqualTo(samples);
    }

    @Test
    @Timeout(30) // a stop that waited out the delay would otherwise hang the build for an hour
    void aProbeStoppedDuringItsDelaySampledNothingAndStopsAtOnce() throws Exception {
        WakeUps probe = WakeUps.startAfter(Duration.ofHours(1));
        Thread.sleep(100);
        long t0 = System.nanoTime();
        Histogram late = probe.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(late.getTotalCount()).isZero();
    }
}
