package dev.relationshipledger.query.operations;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dead letters for the query side's projections. A processing group gets a dead-letter queue when its
 * {@code axon.eventhandling.processors.<name>.dlq.enabled} is true (query-side.yml); Axon's Spring Boot support then
 * builds a {@code JdbcSequencedDeadLetterQueue} over the {@link DeadLetterSchema} bean below, i.e. over
 * {@code read_model.dead_letter_entry} (migration V5, bytea columns), sharing the projections' data source and
 * transactions: a letter is parked in the same transaction as the batch that met the failure.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    public static final String TABLE = "read_model.dead_letter_entry";

    /** Axon's dead-letter columns, named as migration V5 creates them. Replaces Axon's default (DeadLetterEntry). */
    @Bean
    public DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable(TABLE)
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /**
     * How a dead-lettering group behaves: a token reset (Axon's replay) clears its queue, since the replay
     * re-delivers every parked event anyway (the ledger's own rebuild, without a reset, drops the letters it folded
     * in at its switch: ProjectionRebuild); and a per-segment cache of the sequences known to be parked spares one
     * query per event when the queue is empty (Axon asks the queue "is this sequence parked?" before each event
     * otherwise). Set here for every group with {@code dlq.enabled}; do not set {@code dlq.cache.*} in the yml, it
     * would replace these settings.
     */
    @Bean
    public ConfigurerModule deadLetteringInvokers(EventProcessorProperties processors) {
        return configurer -> processors.getProcessors().forEach((name, settings) -> {
            if (settings.getDlq().isEnabled()) {
                configurer.eventProcessing().registerDeadLetteringEventHandlerInvokerConfiguration(name,
                        (configuration, invoker) -> invoker
                                .allowReset(true)
                                .enableSequenceIdentifierCache()
                                .sequenceIdentifierCacheSize(settings.getDlq().getCache().getSize()));
            }
        });
    }
}
