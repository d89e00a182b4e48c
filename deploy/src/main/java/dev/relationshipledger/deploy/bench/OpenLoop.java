package dev.relationshipledger.deploy.bench;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests at a fixed arrival rate, each handed to a worker at its due time whether or not earlier ones have been
 * answered; a request's latency is counted from its due time (its {@code intendedNanos}), so a stall of the system
 * under test shows in every request it delays instead of hiding behind a waiting client (coordinated omission).
 */
final class OpenLoop {

    interface Request {
        void send(SplittableRandom random, long intendedNanos, boolean measured) throws Exception;
    }

    private OpenLoop() {
    }

    /** The measured requests' due times, as wall-clock milliseconds (to find them in a server's log). */
    record Window(long fromEpochMillis, long toEpochMillis) {
    }

    /** Warm-up requests first (not measured), then the measured ones; returns when every request is answered. */
    static Window run(double perSecond, Duration warmUp, Duration measure, int workers, long seed, Request request)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long interval = (long) (1e9 / perSecond);
        long epochMillisAtNanoZero = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        long t0 = System.nanoTime() + 10_000_000L;
        long warmEnd = t0 + warmUp.toNanos();
        long end = warmEnd + measure.toNanos();
        AtomicLong errors = new AtomicLong();
        for (long i = 0; ; i++) {
            long due = t0 + i * interval;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long n = i;
            pool.execute(() -> {
                try {
                    request.send(new SplittableRandom(seed * 7919 + n), due, due >= warmEnd);
                } catch (Exception e) {
                    if (errors.incrementAndGet() < 5) {
                        e.printStackTrace();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        return new Window(epochMillisAtNanoZero + warmEnd / 1_000_000, epochMillisAtNanoZero + end / 1_000_000);
    }
}
