package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.query.operations.BackgroundPriority;
import dev.relationshipledger.query.store.EventArrivals;
import dev.relationshipledger.query.store.SharedHeadEventSource;
import org.axonframework.common.Registration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side hears of events the command side appends: the arrivals watch calls its listeners when a command's
 * event commits and not while nothing happens, and every pooled processor reads through the shared head, which
 * passes those calls on (without them Axon looks at an idle stream every 500 ms). The watch and the processors run
 * below the request threads' priority (BackgroundPriority).
 */
class EventArrivalsTest extends RunningLedger {

    @Test
    void listenersHearOfACommittedEventAndNothingWhileTheLedgerIsIdle() throws Exception {
        EventArrivals arrivals = ledger.querySide().getBean(EventArrivals.class);
        openRelationship("Before listening", "CUSTOMER");
        AtomicInteger heard = new AtomicInteger();
        Registration listening = arrivals.listen(heard::incrementAndGet);
        try {
            int beforeIdle = quietFor(heard, Duration.ofMillis(300)); // the watch may still report the event above
            Thread.sleep(500);
            assertThat(heard.get()).as("calls while no event arrives").isEqualTo(beforeIdle);

            openRelationship("Arrives", "SUPPLIER");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(heard.get()).isGreaterThan(beforeIdle));
        } finally {
            listening.cancel();
        }
        int afterCancel = heard.get();
        openRelationship("After listening", "PARTNER");
        Thread.sleep(300);
        assertThat(heard.get()).as("calls after the listener cancelled").isEqualTo(afterCancel);
    }

    @Test
    void everyPooledProcessorReadsThroughTheSharedHead() throws Exception {
        Map<String, ?> processors = ledger.querySide().getBean(EventProcessingConfiguration.class).eventProcessors();
        assertThat(processors).containsKeys("relationship-status", "audit-trail", "negotiation-history");
        Field source = PooledStreamingEventProcessor.class.getDeclaredField("messageSource");
        source.setAccessible(true);
        for (String name : List.of("relationship-status", "audit-trail", "negotiation-history")) {
            assertThat(processors.get(name)).as(name).isInstanceOf(PooledStreamingEventProcessor.class);
        }
        for (Object processor : processors.values()) {
            if (processor instanceof PooledStreamingEventProcessor pooled) {
                assertThat(source.get(pooled)).as(pooled.getName()).isSameAs(ledger.querySide().getBean(SharedHeadEventSource.class));
            }
        }
    }

    /** Waits until the count has not moved for the given time (at most 10 s) and answers it. */
    private static int quietFor(AtomicInteger count, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int seen = count.get();
        do {
            Thread.sleep(quiet.toMillis());
            int now = count.get();
            if (now == seen) {
                return now;
            }
            seen = now;
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the listener kept being called while nothing was appended: " + seen);
    }

    @Test
    void theWatchAndTheProcessorsRunAtALowerPriorityThanRequests() throws Exception {
        Answer opened = accepted(commands.post(TestUsers.RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Seen by every processor\",\"kind\":\"CUSTOMER\"}}"));
        readAfter(opened, TestUsers.RITA, "/relationships/" + opened.text("aggregateId")); // a request thread ran
        Map<String, List<Integer>> niceness = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name = Files.readString(task.resolve("comm")).strip(); // the first 15 characters
                String kind = Stream.of("WorkPackage[", "Coordinator[", "event-arrivals", "http-nio-")
                        .filter(name::startsWith).findFirst().orElse(null);
                if (kind != null) {
                    niceness.computeIfAbsent(kind, k -> new ArrayList<>()).add(BackgroundPriority.niceness(task));
                }
            }
        }
        assertThat(niceness).containsOnlyKeys("WorkPackage[", "Coordinator[", "event-arrivals", "http-nio-");
        assertThat(niceness.get("Coordinator[")).as("one per pooled processor").hasSize(3).containsOnly(10);
        assertThat(niceness.get("WorkPackage[")).hasSizeGreaterThanOrEqualTo(3).containsOnly(10);
        assertThat(niceness.get("event-arrivals")).containsExactly(10);
        assertThat(niceness.get("http-nio-")).as("both sides' request threads").containsOnly(0);
    }
}
