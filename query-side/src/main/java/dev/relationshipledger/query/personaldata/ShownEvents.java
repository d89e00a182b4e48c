package dev.relationshipledger.query.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * event store; they add {@link #CONTACT_KEY_COLUMNS} and {@link #CONTACT_KEY_JOIN} to their query, so that a
 * contact's key comes with its event instead of on a round trip per contact (a page may hold hundreds). A person's
 * key is read on a round trip of its own, as everywhere (decision 0019): persons are few.
 */
@Component
public class ShownEvents {

    /** The contact's key beside its event; the query's audit trail alias is {@code a}. */
    public static final String CONTACT_KEY_COLUMNS =
            "ck.secret AS contact_secret, ck.erased_at IS NOT NULL AS contact_erased";
    public static final String CONTACT_KEY_JOIN = " LEFT JOIN event_store.contact_text_key ck"
            + " ON ck.relationship_id = a.relationship_id"
            + " AND ck.contact_id = CASE WHEN a.subject LIKE 'contact/%' THEN substr(a.subject, 9)::uuid END";

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

    /** The row's event opened; the row has the relationship, subject, payload and contact key columns. */
    public LedgerEvent event(ResultSet rs) throws SQLException {
        byte[] payload = payload(rs);
        String type = rs.getString("payload_type");
        String revision = rs.getString("payload_revision");
        String subject = rs.getString("subject");
        if (subject == null || !subject.startsWith(CONTACT)) {
            return deserialize(payload, type, revision);
        }
        KeyHolder contact = new KeyHolder.Contact(RelationshipId.of(rs.getString("relationship_id")),
                ContactId.of(subject.substring(CONTACT.length())));
        return keys.withKeyRead(contact, rs.getBytes("contact_secret"), rs.getBoolean("contact_erased"),
                () -> deserialize(payload, type, revision));
    }

    /**
     * The row's event as shown to someone, as JSON, where that may differ from its payload as stored: the payload holds
     * sealed values, or it names a person or an erased contact in clear text (recorded before sealing, and read as
     * erased once erased); null for every other event (the payload as stored says it all).
     */
    public JsonNode opened(ResultSet rs) throws SQLException {
        Object payload = rs.getObject("payload");
        String text = payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) payload;
        if (text == null) {
            return null;
        }
        boolean differs = text.contains("\"cipher\"") || rs.getBoolean("contact_erased")
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
