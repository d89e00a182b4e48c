package dev.relationshipledger.deploy.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;

/**
 * How late a 1 ms sleep wakes up, sampled on a thread of its own until {@link #stop}: on an idle host, the host's own
 * stalls; under load, also the wait for a core that every request thread meets. Lateness in microseconds.
 */
final class WakeUps {

    static final long STALL_MICROS = 5_000;

    private final Histogram late = new Histogram(3);
    private final Thread sampler;
    private volatile boolean running = true;
    private long stalls;

    private final Duration delay;

    private WakeUps(Duration delay) {
        this.delay = delay;
        sampler = new Thread(this::sample, "wake-up-probe");
        sampler.setDaemon(true);
    }

    static WakeUps start() {
        return startAfter(Duration.ZERO);
    }

    /** Samples from {@code delay} on, e.g. once a load run's warm-up is over. */
    static WakeUps startAfter(Duration delay) {
        WakeUps wakeUps = new WakeUps(delay);
        wakeUps.sampler.start();
        return wakeUps;
    }

    private void sample() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            return;
        }
        while (running) {
            long t0 = System.nanoTime();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            long lateMicros = Math.max(0, (System.nanoTime() - t0 - 1_000_000) / 1000);
            late.recordValue(lateMicros);
            if (lateMicros > STALL_MICROS) {
                stalls++;
            }
        }
    }

    /** Stops sampling and answers the lateness seen (microseconds); {@link #stalls} is then final too. */
    Histogram stop() throws InterruptedException {
        running = false;
        sampler.interrupt(); // ends the delay of a probe stopped before it began
        sampler.join();
        return late;
    }

    /** Wake-ups later than 5 ms; read after {@link #stop}. */
    long stalls() {
        return stalls;
    }
}
