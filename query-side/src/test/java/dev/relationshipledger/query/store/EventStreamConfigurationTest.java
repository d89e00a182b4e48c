package dev.relationshipledger.query.store;

import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processors' event store reads one private stream per processor: Axon's shared producer, which reads ahead to
 * the head for the tailing processors and kept 1.34 million events reachable while others caught up on a 10 million
 * event store (AxonFramework#2954), is never started. The store's own state is private, hence the reflection.
 */
class EventStreamConfigurationTest {

    @Test
    void tailingAndLaggingStreamsReadPrivatelyAndNothingIsCachedForThem() throws Exception {
        EmbeddedEventStore store = new EventStreamConfiguration().eventStore(new InMemoryEventStorageEngine(),
                DefaultConfigurer.defaultConfiguration().buildConfiguration());
        try {
            for (int i = 0; i < 500; i++) {
                store.publish(GenericEventMessage.asEventMessage("event " + i));
            }
            try (BlockingStream<TrackedEventMessage<?>> tailing = store.openStream(null);
                 BlockingStream<TrackedEventMessage<?>> lagging = store.openStream(null)) {
                int read = 0;
                while (tailing.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
                    tailing.nextAvailable();
                    read++;
                }
                lagging.nextAvailable();
                store.publish(GenericEventMessage.asEventMessage("one more, while both streams are open"));
                assertThat(tailing.hasNextAvailable(2, TimeUnit.SECONDS)).as("the tailing stream sees new events").isTrue();
                assertThat(read).isEqualTo(500);

                assertThat(((AtomicBoolean) field("producerStarted").get(store))).as("shared producer started").isFalse();
                assertThat(field("oldest").get(store)).as("events cached for tailing streams").isNull();
            }
        } finally {
            store.shutDown();
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = EmbeddedEventStore.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
