package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.query.store.EventArrivals;
import dev.relationshipledger.query.store.SharedHeadEventSource;
import org.axonframework.common.Registration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side hears of events the command side appends: the arrivals watch calls its listeners when a command's
 * event commits and not while nothing happens, and every pooled processor reads through the shared head, which
 * passes those calls on (without them Axon looks at an idle stream every 500 ms).
 */
class EventArrivalsTest extends RunningLedger {

    @Test
    void listenersHearOfACommittedEventAndNothingWhileTheLedgerIsIdle() throws Exception {
        EventArrivals arrivals = ledger.querySide().getBean(EventArrivals.class);
        openRelationship("Before listening", "CUSTOMER");
        AtomicInteger heard = new AtomicInteger();
        Registration listening = arrivals.listen(heard::incrementAndGet);
        try {
            Thread.sleep(300); // the watch may still report the event above once
            int beforeIdle = heard.get();
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
        for (Object processor : processors.values()) {
            if (processor instanceof PooledStreamingEventProcessor pooled) {
                assertThat(source.get(pooled)).as(pooled.getName()).isSameAs(ledger.querySide().getBean(SharedHeadEventSource.class));
            }
        }
    }
}
