package dev.relationshipledger.query.store;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Axon's JDBC engine, reading: every event read from the table carries its own global position in its metadata
 * under {@value Positions#KEY}. Axon's tracked messages only carry a token, and the token of an event that fills a
 * gap names a higher position than the event's own (see {@link Positions}).
 */
public class PositionStampingEventStorageEngine extends JdbcEventStorageEngine {

    private final EventSchema schema;

    public PositionStampingEventStorageEngine(JdbcEventStorageEngine.Builder builder, EventSchema schema) {
        super(builder.schema(schema));
        this.schema = schema;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T readPayload(ResultSet resultSet, String columnName) throws SQLException {
        T value = super.readPayload(resultSet, columnName);
        if (!schema.metaDataColumn().equals(columnName) || !(value == null || value instanceof byte[])) {
            return value;
        }
        long position;
        try {
            position = resultSet.getLong(schema.globalIndexColumn());
        } catch (SQLException notSelected) {
            return value; // aggregate and snapshot reads carry no global index; only tracked reads are stamped
        }
        return (T) stamp((byte[]) value, position);
    }

    /** Adds {"position": n} to the metadata's JSON object (written by Jackson: an object, possibly empty). */
    static byte[] stamp(byte[] metadata, long position) {
        String json = metadata == null ? "{}" : new String(metadata, StandardCharsets.UTF_8).strip();
        if (!json.startsWith("{")) {
            throw new IllegalStateException("event metadata is not a JSON object");
        }
        String rest = json.substring(1).strip();
        String stamped = "{\"" + Positions.KEY + "\":" + position + (rest.startsWith("}") ? "" : ",") + rest;
        return stamped.getBytes(StandardCharsets.UTF_8);
    }
}
