package dev.relationshipledger.query.operations;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the query side's background work (the processors' coordinators and workers, the arrivals watch, rebuilds)
 * at a lower CPU priority (a higher Linux niceness, {@code ledger.processors.niceness}) than the threads that answer
 * requests. Where the query side shares cores with the command side (the one-JVM launcher, one host), a burst of
 * projection work then no longer queues the next append behind it: the write path comes first and the projections
 * catch up in the time left over, as their lag shows (decision 0014). Where the query side has cores of its own, the
 * read API comes before the projections in the same way.
 *
 * <p>Java has no API for a thread's niceness (its thread priorities reach Linux only with a JVM flag, and then only
 * down to niceness 4), so each such thread lowers itself once, at its first piece of work, with {@code renice} on its
 * own thread id. Niceness only rises this way: a thread already at or above the target is left as it is, and a
 * process without {@code renice} or {@code /proc} (not Linux) runs as before, with one warning in the log.
 */
@Component
public class BackgroundPriority {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private final int niceness;
    private final ThreadLocal<Boolean> lowered = ThreadLocal.withInitial(() -> false);
    private final AtomicBoolean warned = new AtomicBoolean();

    public BackgroundPriority(@Value("${ledger.processors.niceness:10}") int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException(
                    "ledger.processors.niceness is a Linux niceness from 0 (as requests) to 19, not " + niceness);
        }
        this.niceness = niceness;
    }

    /** The niceness background threads run at; 0: the same as every other thread. */
    public int niceness() {
        return niceness;
    }

    /** Lowers the calling thread to the configured niceness, the first time it is called on this thread. */
    public void lowerCurrentThread() {
        if (niceness == 0 || lowered.get()) {
            return;
        }
        lowered.set(true);
        try {
            String thread = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            if (niceness(THREAD_SELF) >= niceness) {
                return;
            }
            Process renice = new ProcessBuilder("renice", Integer.toString(niceness), "-p", thread)
                    .redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes()).strip();
            if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                warnOnce("renice " + niceness + " -p " + thread + " failed: " + output, null);
            }
        } catch (IOException | RuntimeException e) {
            warnOnce("could not read or change this thread's niceness", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A thread factory whose threads lower themselves before their first task. */
    public ThreadFactory threads(String name) {
        return task -> {
            Thread thread = new Thread(() -> {
                lowerCurrentThread();
                task.run();
            }, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Every processor's workers lower themselves at their first event: Spring Boot builds their pools, so this rides
     * on a handler interceptor. (The pooled processors' coordinators run on {@link #threads}, see
     * EventStreamConfiguration.)
     */
    @Bean
    static ConfigurerModule workersRunInTheBackground(BackgroundPriority priority) {
        MessageHandlerInterceptor<EventMessage<?>> lowering = new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork,
                                 InterceptorChain interceptorChain) throws Exception {
                priority.lowerCurrentThread();
                return interceptorChain.proceed();
            }
        };
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, name) -> lowering);
    }

    /** The niceness of a task under {@code /proc}: field 19 of its {@code stat}, after the parenthesised name. */
    public static int niceness(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    private void warnOnce(String problem, Exception cause) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("background work runs at the requests' priority ({}); set ledger.processors.niceness=0 to "
                    + "silence this", problem, cause);
        }
    }
}
