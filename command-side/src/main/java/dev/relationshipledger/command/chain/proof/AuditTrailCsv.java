package dev.relationshipledger.command.chain.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The audit trail of an evidence pack, rendered from the stored events alone (RFC 4180 CSV, UTF-8, CRLF): one row
 * per event in position order. The offline verifier renders it again from the proven events and requires the very
 * same bytes, so the CSV a regulator opens says nothing the proven events do not.
 */
public final class AuditTrailCsv {

    public static final List<String> COLUMNS = List.of("position", "recorded_time", "aggregate_type", "aggregate_id",
            "sequence", "event_type", "actor", "roles", "correlation_id", "causation_id", "payload");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditTrailCsv() {
    }

    public static String render(List<StoredEvent> events) {
        StringBuilder csv = new StringBuilder();
        row(csv, COLUMNS);
        for (StoredEvent e : events) {
            JsonNode meta = metadata(e.metaData());
            row(csv, List.of(Long.toString(e.position()), text(e.timeStamp()), text(e.type()), e.aggregateIdentifier(),
                    Long.toString(e.sequenceNumber()), simpleName(e.payloadType()), field(meta, "actor"),
                    field(meta, "actorRoles"), field(meta, "correlationId"), field(meta, "causationId"),
                    new String(e.payload(), StandardCharsets.UTF_8)));
        }
        return csv.toString();
    }

    private static JsonNode metadata(byte[] bytes) {
        if (bytes == null) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.createObjectNode(); // unreadable metadata shows as empty cells; the proof still covers its bytes
        }
    }

    private static String field(JsonNode meta, String name) {
        JsonNode value = meta.get(name);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    private static void row(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /** Quotes when needed; a leading =, +, - or @ gets a quote mark so that spreadsheets never run it as a formula. */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
