package dev.relationshipledger.command.chain.proof;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code event_store.domain_event_entry} exactly as stored: every column the chain covers, as the bytes
 * and text the database holds (payload and metadata are never re-serialized, so the hash is over what is stored).
 */
public record StoredEvent(long position, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                          String type, String timeStamp, String payloadType, String payloadRevision,
                          byte[] payload, byte[] metaData) {

    /** The columns, in the order {@link #read(ResultSet)} expects them, for {@code SELECT ... FROM events}. */
    public static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type, "
            + "time_stamp, payload_type, payload_revision, payload, meta_data";

    public static final String TABLE = "event_store.domain_event_entry";

    public static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("global_index"), rs.getString("event_identifier"),
                rs.getString("aggregate_identifier"), rs.getLong("sequence_number"), rs.getString("type"),
                rs.getString("time_stamp"), rs.getString("payload_type"), rs.getString("payload_revision"),
                rs.getBytes("payload"), rs.getBytes("meta_data"));
    }

    /** The SHA-256 digest of this event's canonical encoding ({@link ChainHash#eventDigest(StoredEvent)}). */
    public byte[] digest() {
        return ChainHash.eventDigest(this);
    }
}
