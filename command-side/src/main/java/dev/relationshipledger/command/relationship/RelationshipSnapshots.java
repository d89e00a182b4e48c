package dev.relationshipledger.command.relationship;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;

/**
 * Relationships live long and collect thousands of contacts; without snapshots every command replays them all
 * (the benchmark's profile: three quarters of the command side's CPU). A snapshot of the aggregate's state is taken
 * every {@code ledger.snapshots.relationship-every} events, or every {@code relationship-share-percent} of its history
 * if that is more ({@link GrowingSnapshotInterval}), and a load replays only the events after it. A snapshot
 * whose revision differs from the aggregate's {@code @Revision} is ignored, so changing the state's shape means
 * bumping the revision — old snapshots are then skipped, never misread.
 */
@Configuration(proxyBeanMethods = false)
public class RelationshipSnapshots {

    /**
     * Snapshots are taken on a thread of their own, in their own transaction. Axon's default runs the snapshot
     * inside the command's transaction, which then stays open while it replays and stores the aggregate: the command
     * waits for it, and the query side, which reads no further than the oldest append still open (decision 0007),
     * waits too.
     */
    @Bean
    public SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                           HandlerDefinition handlerDefinition,
                                                           ParameterResolverFactory parameterResolverFactory,
                                                           EventStore eventStore, TransactionManager transactionManager) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "aggregate-snapshotter");
                    thread.setDaemon(true);
                    return thread;
                }))
                .build();
    }

    @Bean
    public SnapshotTriggerDefinition relationshipSnapshotTrigger(Snapshotter snapshotter,
            @Value("${ledger.snapshots.relationship-every:100}") int every,
            @Value("${ledger.snapshots.relationship-share-percent:25}") int sharePercent) {
        return new GrowingSnapshotInterval(snapshotter, every, sharePercent);
    }

    @Bean
    public SnapshotFilter relationshipSnapshotFilter() {
        return RevisionSnapshotFilter.builder().type(Relationship.class).revision(Relationship.SNAPSHOT_REVISION).build();
    }
}
