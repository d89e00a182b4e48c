package dev.relationshipledger.query.store;

import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.query.operations.BackgroundPriority;
import dev.relationshipledger.kernel.personaldata.PersonalDataModule;
import dev.relationshipledger.query.personaldata.PersonalDataKeyReader;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How the query side reads the ledger: the command side's event table (read-only for this side's login), Jackson
 * for events and tokens, and a token store in this side's own schema, so that a projection's rows and its token
 * commit in one transaction.
 */
@Configuration(proxyBeanMethods = false)
public class EventStreamConfiguration {

    /** The serializer that opens a contact's text too ({@link #showingSerializer}). */
    public static final String SHOWING_SERIALIZER = "showingSerializer";

    /** The event table as the command side's migrations create it (see command-side EventTables). */
    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("event_store.domain_event_entry")
                .snapshotTable("event_store.snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * Axon's JDBC engine over the command side's table (this side's login may only SELECT from it), stamping
     * every event with its own position ({@link PositionStampingEventStorageEngine}).
     *
     * <p>No silent skips (decision 0007): every read of the stream first asks the event store for its read horizon
     * ({@code event_store.read_horizon()}, migration V9), the highest position below which no transaction can still
     * commit, and then reads no further than that, in a statement of its own and so on a later snapshot (the fetch
     * runs READ COMMITTED). A position the processors have passed is therefore final: no event ever arrives late,
     * below positions already handled, where Axon would give its gap up (AxonFramework#4829).
     *
     * <p>What is left of Axon's gap handling only concerns positions of rolled-back appends, which never fill: a
     * token keeps such a gap until {@code ledger.events.gap-timeout} after the event above it was created, or until
     * it lies {@code ledger.events.max-gap-offset} positions below the newest event read. Both are set here
     * explicitly rather than inherited.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer, ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager, EventSchema eventSchema,
                                                 org.axonframework.config.Configuration configuration,
                                                 @Value("${ledger.events.gap-timeout:60s}") Duration gapTimeout,
                                                 @Value("${ledger.events.max-gap-offset:10000}") int maxGapOffset) {
        return new PositionStampingEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .gapTimeout(Math.toIntExact(gapTimeout.toMillis()))
                .maxGapOffset(maxGapOffset)
                .readEventDataWithoutGaps((connection, schema, globalIndex, batchSize) ->
                        JdbcEventStorageEngineStatements.readEventDataWithoutGaps(connection, schema, globalIndex,
                                ReadHorizon.clamp(connection, globalIndex, batchSize)))
                .readEventDataWithGaps((connection, schema, globalIndex, batchSize, gaps) ->
                        JdbcEventStorageEngineStatements.readEventDataWithGaps(connection, schema, globalIndex,
                                ReadHorizon.clamp(connection, globalIndex, batchSize), gaps)), eventSchema);
    }

    /**
     * The event store the processors read, through {@link SharedHeadEventSource}. Events are appended by another
     * process, so nothing wakes this store up: {@link EventArrivals} looks at the read horizon every
     * {@code ledger.events.poll-interval} (default 50 ms) and the shared source wakes the processors.
     *
     * <p>Every stream of this store is private ({@code optimizeEventConsumption(false)}). Axon's shared producer,
     * the default, reads ahead to the head of the table for the processors that tail it and keeps what it read in
     * a linked list, which a processor further behind keeps reachable: catching up on 10 million events, the list
     * held 1.34 million events and a 2 GiB heap spent its time in full collections (docs/measurements.md, S6;
     * AxonFramework#2954). The reads at the head are shared by {@link SharedHeadEventSource} instead, in a window
     * of bounded size.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .optimizeEventConsumption(false)
                .build();
    }

    /** Looks at the read horizon every {@code ledger.events.poll-interval} and wakes the processors when it rises. */
    @Bean(destroyMethod = "close")
    public EventArrivals eventArrivals(DataSource dataSource, BackgroundPriority priority,
                                       @Value("${ledger.events.poll-interval:50ms}") Duration pollInterval)
            throws SQLException {
        // The pool starts on its first connection, and its housekeeping threads inherit the niceness of the thread
        // that starts it: that is this one, not the first background thread (BackgroundPriority) to read.
        dataSource.getConnection().close();
        return new EventArrivals(dataSource, pollInterval, priority.threads("event-arrivals"));
    }

    /**
     * The pooled processors' event source: events near the head read once for all of them and shared, behind it
     * read privately from the event store (see {@link SharedHeadEventSource}).
     */
    @Bean(destroyMethod = "close")
    public SharedHeadEventSource sharedHeadEventSource(EventStore eventStore, EventArrivals arrivals,
                                                       @Value("${ledger.events.shared-window:5000}") int capacity) {
        return new SharedHeadEventSource(eventStore, arrivals, capacity);
    }

    /**
     * Every pooled processor reads through the shared source, and its coordinator, the thread that reads, runs in the
     * background ({@link BackgroundPriority}; Spring Boot's settings then give it its workers). Applied before each
     * processor's own settings (SegmentShare). One default for all of them: a second would replace this one.
     */
    @Bean
    static ConfigurerModule pooledProcessorDefaults(ObjectProvider<SharedHeadEventSource> source,
                                                    ObjectProvider<BackgroundPriority> priority) {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                (configuration, builder) -> builder.messageSource(source.getObject()).coordinatorExecutor(name -> {
                    ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(
                            priority.getObject().threads("Coordinator[" + name + "]"));
                    configuration.onShutdown(coordinator::shutdown);
                    return coordinator;
                }));
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("read_model.token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Jackson for every message; a person's sealed details opened with their key, or read as erased (0019). A
     * contact's text is left sealed (0021): no projection reads it, so projecting a contact reads no key.
     */
    @Bean
    @Primary
    public Serializer serializer(PersonalDataKeyReader personalDataKeys) {
        return JacksonSerializer.builder().objectMapper(LedgerJson.newEventMapper(personalDataKeys,
                PersonalDataModule.FreeText.LEFT_SEALED)).build();
    }

    /** For the readers that show events to someone (time travel's steps): a contact's text opened too. */
    @Bean
    @Qualifier(SHOWING_SERIALIZER)
    public Serializer showingSerializer(PersonalDataKeyReader personalDataKeys) {
        return JacksonSerializer.builder().objectMapper(LedgerJson.newEventMapper(personalDataKeys,
                PersonalDataModule.FreeText.OPENED)).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }
}
