package dev.relationshipledger.command.store;

import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.personaldata.PersonalDataKeys;
import dev.relationshipledger.kernel.personaldata.PersonalDataModule;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;

/**
 * The event store as the command side writes it: Axon's JDBC engine (bytea columns, no Hibernate, no large
 * objects) over the tables that Flyway creates in the {@code event_store} schema, Jackson for every message and
 * token, and the metadata every event carries.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** Metadata key of the message that caused this one (Axon calls the parent id "correlationId"; we do not). */
    public static final String CAUSATION_ID = "causationId";
    /** Metadata key of the conversation a message belongs to: the HTTP request's correlation id, inherited. */
    public static final String CORRELATION_ID = "correlationId";

    @Bean
    public EventSchema eventSchema() {
        return EventTables.schema();
    }

    /**
     * Axon's JDBC engine as its Spring Boot auto-configuration builds it, except that the insert returns the
     * positions it drew ({@link PositionReturningAppends}).
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver exceptionResolver,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager, EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptionResolver)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .appendEvents(new PositionReturningAppends(AppendTracking::positionsAppended))
                .build();
    }

    /**
     * Jackson for every message; a person's details, a contact's text and a complaint's sealed with their key
     * (decisions 0019, 0021, 0022). A contact's text is left sealed on the way out: no aggregate reads it, so loading
     * a relationship reads no contact's key. A complaint's is opened: its rules compare and carry its description.
     */
    @Bean
    @Primary
    public Serializer serializer(PersonalDataKeys personalDataKeys) {
        return JacksonSerializer.builder().objectMapper(LedgerJson.newEventMapper(personalDataKeys,
                PersonalDataModule.FreeText.COMPLAINTS_OPENED)).build();
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

    /** Every event gets the causing message's id and the conversation's correlation id. */
    @Bean
    public CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider(CAUSATION_ID, CORRELATION_ID);
    }

    /** Every event inherits who acted from the command that caused it. */
    @Bean
    public CorrelationDataProvider actorOrigin() {
        return new SimpleCorrelationDataProvider(Actor.NAME_KEY, Actor.ROLES_KEY);
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    @Bean
    public LedgerCommandTargetResolver ledgerCommandTargetResolver() {
        return new LedgerCommandTargetResolver();
    }

    /** Aggregates between commands, one bound for every type; each type caches through its own view (below). */
    @Bean
    public AggregateCache aggregateCache(@Value("${ledger.aggregates.cache-size:10000}") int size) {
        return new AggregateCache(size);
    }

    /** Named in {@code @Aggregate(cache = ...)} of Relationship. */
    @Bean
    public Cache relationshipCache(AggregateCache aggregates) {
        return aggregates.forType("Relationship");
    }

    /** Named in {@code @Aggregate(cache = ...)} of Complaint. */
    @Bean
    public Cache complaintCache(AggregateCache aggregates) {
        return aggregates.forType("Complaint");
    }

    /** Named in {@code @Aggregate(cache = ...)} of Negotiation. */
    @Bean
    public Cache negotiationCache(AggregateCache aggregates) {
        return aggregates.forType("Negotiation");
    }

    /** Named in {@code @Aggregate(cache = ...)} of Contract. */
    @Bean
    public Cache contractCache(AggregateCache aggregates) {
        return aggregates.forType("Contract");
    }

    /** Group commit of commands (decision 0018), unless {@code ledger.commands.group-commit.enabled} is false. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ledger.commands.group-commit.enabled", havingValue = "true", matchIfMissing = true)
    public GroupCommit groupCommit(CommandBus commandBus, TransactionManager transactionManager,
                                   @Value("${ledger.commands.group-commit.committers}") int committers,
                                   @Value("${ledger.commands.group-commit.max-group}") int maxGroup,
                                   @Value("${ledger.commands.group-commit.max-wait}") Duration maxWait,
                                   MeterRegistry registry) {
        return GroupCommit.started(commandBus, transactionManager,
                new GroupCommit.Settings(committers, maxGroup, maxWait), registry);
    }

    /**
     * Axon's gateway, deciding again a command whose append lost a race with another node; through group commit
     * when it is on.
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ObjectProvider<GroupCommit> groupCommit,
                                         @Value("${ledger.aggregates.concurrent-append-retries:3}") int retries) {
        GroupCommit grouping = groupCommit.getIfAvailable();
        return DefaultCommandGateway.builder().commandBus(grouping == null ? commandBus : grouping.bus())
                .retryScheduler(new RetryOnConcurrentAppend(retries)).build();
    }

    /** Decisions read time only through this clock, so tests can set it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
