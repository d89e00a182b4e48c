package dev.relationshipledger.query.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a filtered audit trail as CSV or NDJSON while reading it: rows go from the database cursor to the
 * response one at a time, so memory stays flat whatever the size. A failure half way ends the response without
 * its final chunk (see {@link #interruptible}), so a client never takes a cut export for a whole one.
 */
@Component
public class AuditExport {

    /** The CSV columns, named as the table's. */
    public static final List<String> CSV_HEADER = List.of("position", "event_id", "relationship_id",
            "aggregate_type", "aggregate_id", "sequence_number", "event_type", "actor", "actor_roles",
            "correlation_id", "causation_id", "recorded_at", "business_time", "subject", "is_correction",
            "correction_reason", "corrects_position", "payload");

    private static final JsonFactory JSON = new JsonFactory()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final int BUFFER = 64 * 1024;

    private final AuditTrailQueries queries;

    public AuditExport(AuditTrailQueries queries) {
        this.queries = queries;
    }

    public StreamingResponseBody csv(AuditQuery query) {
        return interruptible(out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
            Csv.writeRow(writer, CSV_HEADER);
            queries.stream(query, (row, payload) -> {
                try {
                    Csv.writeRow(writer, csvCells(row, payload));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        });
    }

    public StreamingResponseBody ndjson(AuditQuery query) {
        return interruptible(out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
            JsonGenerator json = JSON.createGenerator(writer);
            json.setRootValueSeparator(null);
            queries.stream(query, (row, payload) -> {
                try {
                    writeJson(json, row, payload);
                    json.writeRaw('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            json.flush();
            writer.flush();
        });
    }

    /**
     * A failure while streaming (the database, a bug) becomes {@link ExportInterrupted}, which the controller hands
     * to the servlet container: the response is committed by then, so the container closes the connection before
     * the final chunk and the client sees a broken transfer instead of a short file that looks whole. A client
     * that went away is left as it is (an IOException): there is nobody to tell.
     */
    static StreamingResponseBody interruptible(StreamingResponseBody body) {
        return out -> {
            try {
                body.writeTo(out);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                throw new ExportInterrupted(e);
            }
        };
    }

    /** An export stopped half way; the client must not take what it received for the whole. */
    public static class ExportInterrupted extends RuntimeException {
        ExportInterrupted(Throwable cause) {
            super("the export was interrupted: " + cause.getMessage(), cause);
        }
    }

    static List<String> csvCells(AuditRow row, String payload) {
        return Arrays.asList(Long.toString(row.position()), row.eventId(), row.relationshipId(), row.aggregateType(),
                row.aggregateId(), Long.toString(row.sequenceNumber()), row.eventType(), row.actor(),
                row.actorRoles(), row.correlationId(), row.causationId(), text(row.recordedAt()),
                text(row.businessTime()), row.subject(), Boolean.toString(row.correction()), row.correctionReason(),
                row.correctsPosition() == null ? null : row.correctsPosition().toString(), payload);
    }

    /** One entry as the API shows it, less the corrections list (each correction is a line of its own). */
    static void writeJson(JsonGenerator json, AuditRow row, String payload) throws IOException {
        json.writeStartObject();
        json.writeNumberField("position", row.position());
        json.writeStringField("eventId", row.eventId());
        json.writeStringField("relationshipId", row.relationshipId());
        json.writeStringField("aggregateType", row.aggregateType());
        json.writeStringField("aggregateId", row.aggregateId());
        json.writeNumberField("sequenceNumber", row.sequenceNumber());
        json.writeStringField("eventType", row.eventType());
        json.writeStringField("actor", row.actor());
        json.writeArrayFieldStart("actorRoles");
        for (String role : AuditTrailQueries.roles(row.actorRoles())) {
            json.writeString(role);
        }
        json.writeEndArray();
        json.writeStringField("correlationId", row.correlationId());
        json.writeStringField("causationId", row.causationId());
        json.writeStringField("recordedAt", text(row.recordedAt()));
        json.writeStringField("businessTime", text(row.businessTime()));
        json.writeStringField("subject", row.subject());
        json.writeBooleanField("correction", row.correction());
        json.writeStringField("correctionReason", row.correctionReason());
        json.writeFieldName("corrects");
        if (row.correctsPosition() == null) {
            json.writeNull();
        } else {
            json.writeNumber(row.correctsPosition());
        }
        json.writeFieldName("payload");
        if (payload == null) {
            json.writeNull();
        } else {
            json.writeRawValue(payload);
        }
        json.writeEndObject();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
