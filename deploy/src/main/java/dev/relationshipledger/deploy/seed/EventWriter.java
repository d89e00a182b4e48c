package dev.relationshipledger.deploy.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.personaldata.KeyTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends generated events by batched JDBC in the form the command side's Axon JDBC engine writes them: payload and
 * metadata serialized by the event store's own mapper ({@link LedgerJson}, as its JacksonSerializer does, a person's
 * details sealed with a key written in the same transaction),
 * {@code payload_type} the event's class name, no revision, {@code type} the aggregate's name. Also fills the
 * command side's subscribing-processor tables that a direct insert bypasses (relationship directory, negotiation
 * outcomes, contract directory), with the rows their event handlers would have left.
 */
final class EventWriter implements AutoCloseable {

    static final String INSERT = """
            INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                type, time_stamp, payload_type, payload_revision, payload, meta_data)
            VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)""";
    private static final ObjectMapper JSON = LedgerJson.newMapper();
    /** Events as the command side stores them: a person's details sealed with a key made in this transaction. */
    private final ObjectMapper eventJson;
    private static final int BATCH = 1_000;

    private final Connection connection;
    private final SeedIds ids;
    private final String namespace;
    private final boolean autoCommit;
    private final PreparedStatement events;
    private final PreparedStatement directory;
    private final PreparedStatement outcomes;
    private final PreparedStatement contracts;
    private final Map<String, Long> counts = new TreeMap<>();
    private long written;
    private int pending;

    /** {@code namespace} keeps event ids of different populations (and seeds) apart. */
    EventWriter(Connection connection, SeedIds ids, String namespace) throws SQLException {
        this.connection = connection;
        this.ids = ids;
        this.namespace = namespace;
        this.autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        eventJson = LedgerJson.newEventMapper(KeyTable.on(connection));
        events = connection.prepareStatement(INSERT);
        directory = connection.prepareStatement("""
                INSERT INTO event_store.relationship_directory (relationship_id, owner, delegates, closed)
                VALUES (?, ?, ?, ?)""");
        outcomes = connection.prepareStatement("""
                INSERT INTO event_store.negotiation_outcome (negotiation_id, relationship_id, outcome, agreed_terms, contract_id)
                VALUES (?, ?, ?, CAST(? AS jsonb), ?)""");
        contracts = connection.prepareStatement("""
                INSERT INTO event_store.contract_directory (contract_id, relationship_id, ends_on, status)
                VALUES (?, ?, ?, ?)""");
    }

    void append(GeneratedEvent event) {
        try {
            events.setString(1, ids.uuid(namespace + "/event", written).toString());
            events.setString(2, event.aggregateId());
            events.setLong(3, event.sequence());
            events.setString(4, event.aggregateType());
            events.setString(5, event.recordedAt().toString());
            events.setString(6, event.payload().getClass().getName());
            events.setBytes(7, eventJson.writeValueAsBytes(event.payload()));
            events.setBytes(8, JSON.writeValueAsBytes(metaData(event)));
            events.addBatch();
            written++;
            counts.merge(event.payload().getClass().getSimpleName(), 1L, Long::sum);
            if (++pending % BATCH == 0) {
                events.executeBatch();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not append a generated event", e);
        }
    }

    /** The four keys the command side's correlation data providers give every event, in the mapper's key order. */
    private static Map<String, String> metaData(GeneratedEvent event) {
        Map<String, String> metaData = new TreeMap<>();
        metaData.put("actor", event.actor());
        metaData.put("actorRoles", event.actorRoles());
        metaData.put("causationId", event.causationId());
        metaData.put("correlationId", event.correlationId());
        return metaData;
    }

    /** The command side's own rows for one finished history. */
    void directories(RelationshipHistory history) throws SQLException {
        Population.DirectoryRow row = history.directoryRow();
        directory.setObject(1, row.relationshipId());
        directory.setString(2, row.owner());
        directory.setArray(3, connection.createArrayOf("varchar", row.delegates().toArray()));
        directory.setBoolean(4, row.closed());
        directory.addBatch();
        for (NegotiationScript negotiation : history.negotiations()) {
            if (negotiation.outcome() == null) {
                continue;
            }
            outcomes.setObject(1, negotiation.id().value());
            outcomes.setObject(2, history.id.value());
            outcomes.setString(3, negotiation.outcome().name());
            outcomes.setString(4, negotiation.agreedTerms() == null ? null : json(negotiation.agreedTerms()));
            outcomes.setObject(5, negotiation.contract() == null ? null : negotiation.contract().id().value(),
                    java.sql.Types.OTHER);
            outcomes.addBatch();
        }
        for (ContractScript contract : history.contracts()) {
            if (contract.status() == null) {
                continue; // cut from the history
            }
            contracts.setObject(1, contract.id().value());
            contracts.setObject(2, history.id.value());
            contracts.setObject(3, contract.endsOn());
            contracts.setString(4, contract.status());
            contracts.addBatch();
        }
    }

    /** Sends what is batched and commits, so that a long generation holds no huge transaction. */
    void commitIfLarge() throws SQLException {
        if (pending >= 20_000) {
            commit();
        }
    }

    void commit() throws SQLException {
        events.executeBatch();
        directory.executeBatch();
        outcomes.executeBatch();
        contracts.executeBatch();
        connection.commit();
        pending = 0;
    }

    long written() {
        return written;
    }

    Map<String, Long> counts() {
        return counts;
    }

    @Override
    public void close() throws SQLException {
        try {
            events.close();
            directory.close();
            outcomes.close();
            contracts.close();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
