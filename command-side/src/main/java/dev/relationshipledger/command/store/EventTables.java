package dev.relationshipledger.command.store;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/** Names of the event store's tables and columns, as created by the Flyway migrations in db/migration/command-side. */
public final class EventTables {

    public static final String EVENTS = "event_store.domain_event_entry";
    public static final String SNAPSHOTS = "event_store.snapshot_event_entry";

    private EventTables() {
    }

    public static EventSchema schema() {
        return EventSchema.builder()
                .eventTable(EVENTS)
                .snapshotTable(SNAPSHOTS)
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
}
