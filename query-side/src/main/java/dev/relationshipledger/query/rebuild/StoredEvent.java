package dev.relationshipledger.query.rebuild;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.message.LedgerEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One event as a rebuild reads it from the event store, its payload deserialized once for every projection it
 * rebuilds. What only some projections need (who acted) is read from the stored bytes on first use, by the
 * projection's own thread, so that the scan feeding them all does not pay for it.
 */
public final class StoredEvent {

    /** Metadata as plain JSON values: what Axon's MetaData holds, without its copies (measurements, 19th round). */
    private static final ObjectReader META_DATA = LedgerJson.newMapper()
            .readerFor(new TypeReference<Map<String, Object>>() { });

    private final long position;
    private final LedgerEvent event;
    private final Instant recordedAt;
    private final String eventId;
    private final String aggregateType;
    private final String aggregateId;
    private final long sequenceNumber;
    private final byte[] metaData;
    private volatile Map<String, Object> readMetaData;

    StoredEvent(long position, LedgerEvent event, Instant recordedAt, String eventId, String aggregateType,
                String aggregateId, long sequenceNumber, byte[] metaData) {
        this.position = position;
        this.event = event;
        this.recordedAt = recordedAt;
        this.eventId = eventId;
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
        this.sequenceNumber = sequenceNumber;
        this.metaData = metaData;
    }

    public long position() {
        return position;
    }

    public LedgerEvent event() {
        return event;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    public String eventId() {
        return eventId;
    }

    public String aggregateType() {
        return aggregateType;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public long sequenceNumber() {
        return sequenceNumber;
    }

    /**
     * The metadata as recorded (who acted, in which conversation), without the position the live processors' copy
     * carries: a rebuild has it as {@link #position()}. Two threads asking at once read equal maps.
     */
    public Map<String, Object> metaData() {
        Map<String, Object> read = readMetaData;
        if (read == null) {
            try {
                read = metaData == null ? Map.of() : META_DATA.readValue(metaData);
            } catch (IOException e) {
                throw new UncheckedIOException("the metadata of the event at " + position + " is not a JSON object", e);
            }
            readMetaData = read;
        }
        return read;
    }
}
