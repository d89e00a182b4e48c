package dev.relationshipledger.query.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.query.store.EventStreamConfiguration;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Events as shown to someone (decision 0021): what they hold about people opened with their keys, or read as erased.
 * The readers that show events (time travel's steps, the audit trail's pages) read the audit trail joined with the
 * event store; they add {@link #TEXT_KEY_COLUMNS} and {@link #TEXT_KEY_JOIN} to their query, so that a contact's or
 * a complaint's key comes with its event instead of on a round trip per event (a page may hold hundreds, decisions
 * 0021 and 0022). A person's key is read on a round trip of its own, as everywhere (decision 0019): persons are few.
 */
@Component
public class ShownEvents {

    /** The aggregate type of a complaint's events in the audit trail. */
    private static final String COMPLAINT = "Complaint";

    /**
     * The key of the contact or complaint an event is about, beside the event; the query's audit trail alias is
     * {@code a}. An event is about one of them at most: a contact's events are the relationship's, with the contact
     * as their subject; a complaint's are the complaint aggregate's.
     */
    public static final String TEXT_KEY_COLUMNS = "a.aggregate_type AS shown_aggregate_type, "
            + "a.aggregate_id AS shown_aggregate_id, coalesce(ck.secret, pk.secret) AS text_secret, "
            + "(ck.erased_at IS NOT NULL OR pk.erased_at IS NOT NULL) AS text_erased";
    public static final String TEXT_KEY_JOIN = " LEFT JOIN event_store.contact_text_key ck"
            + " ON ck.relationship_id = a.relationship_id"
            + " AND ck.contact_id = CASE WHEN a.subject LIKE 'contact/%' THEN substr(a.subject, 9)::uuid END"
            + " LEFT JOIN event_store.complaint_text_key pk"
            + " ON pk.relationship_id = a.relationship_id"
            + " AND pk.complaint_id = CASE WHEN a.aggregate_type = '" + COMPLAINT + "' THEN a.aggregate_id::uuid END";

    private static final String CONTACT = "contact/";
    private static final String PERSON_ADDED = CounterpartyPersonAdded.class.getName();
    private static final ObjectMapper PLAIN = LedgerJson.newMapper();

    private final Serializer showing;
    private final PersonalDataKeyReader keys;

    public ShownEvents(@Qualifier(EventStreamConfiguration.SHOWING_SERIALIZER) Serializer showing,
                       PersonalDataKeyReader keys) {
        this.showing = showing;
        this.keys = keys;
    }

    /** The row's event opened; the row has the relationship, subject, payload and text key columns. */
    public LedgerEvent event(ResultSet rs) throws SQLException {
        byte[] payload = payload(rs);
        String type = rs.getString("payload_type");
        String revision = rs.getString("payload_revision");
        KeyHolder holder = textHolder(rs);
        if (holder == null) {
            return deserialize(payload, type, revision);
        }
        return keys.withKeyRead(holder, rs.getBytes("text_secret"), rs.getBoolean("text_erased"),
                () -> deserialize(payload, type, revision));
    }

    /** The contact or complaint whose text the row's event may hold, or null. */
    private static KeyHolder textHolder(ResultSet rs) throws SQLException {
        RelationshipId relationship = RelationshipId.of(rs.getString("relationship_id"));
        String subject = rs.getString("subject");
        if (subject != null && subject.startsWith(CONTACT)) {
            return new KeyHolder.Contact(relationship, ContactId.of(subject.substring(CONTACT.length())));
        }
        if (COMPLAINT.equals(rs.getString("shown_aggregate_type"))) {
            return new KeyHolder.Complaint(relationship, ComplaintId.of(rs.getString("shown_aggregate_id")));
        }
        return null;
    }

    /**
     * The row's event as shown to someone, as JSON, where that may differ from its payload as stored: the payload holds
     * sealed values, or it names a person, or holds an erased contact's or complaint's text, in clear text (recorded before sealing, and read as
     * erased once erased); null for every other event (the payload as stored says it all).
     */
    public JsonNode opened(ResultSet rs) throws SQLException {
        Object payload = rs.getObject("payload");
        String text = payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) payload;
        if (text == null) {
            return null;
        }
        boolean differs = text.contains("\"cipher\"") || rs.getBoolean("text_erased")
                || PERSON_ADDED.equals(rs.getString("payload_type"));
        return differs ? PLAIN.valueToTree(event(rs)) : null;
    }

    /** The payload column, as the event store's bytes or as their text. */
    private static byte[] payload(ResultSet rs) throws SQLException {
        Object payload = rs.getObject("payload");
        return payload instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) payload;
    }

    private LedgerEvent deserialize(byte[] payload, String type, String revision) {
        Object event = showing.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type, revision));
        if (!(event instanceof LedgerEvent ledgerEvent)) {
            throw new IllegalStateException("not a ledger event: " + type);
        }
        return ledgerEvent;
    }
}
