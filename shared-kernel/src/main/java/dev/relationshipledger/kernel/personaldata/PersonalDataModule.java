package dev.relationshipledger.kernel.personaldata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintCategory;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintEvent;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.Satisfaction;
import dev.relationshipledger.kernel.complaint.Severity;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.Sentiment;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Stores what the events hold about people sealed, each value with its holder's key ({@link KeyHolder}):
 * <ul>
 *     <li>in {@link CounterpartyPersonAdded} the person's name, position and email (decision 0019);</li>
 *     <li>in {@link ContactLogged} the participants, the summary and the follow-ups, and in
 *     {@link ContactSummaryCorrected} the corrected summary, with the contact's key (decision 0021);</li>
 *     <li>in {@link ComplaintFiled} and {@link ComplaintDetailsCorrected} the description, in
 *     {@link ComplaintAcknowledged} the note and in {@link ComplaintResolved} the resolution, with the complaint's key
 *     (decision 0022).</li>
 * </ul>
 * A sealed value is written as {@code {"cipher": "AES-256-GCM", "sealed": "<base64>"}} instead of text (in a list,
 * each element so), with its place as associated data. The ids, kinds, times and reasons stay in clear text: every
 * fold, rule and audit entry keeps working on them after an erasure.
 *
 * <p>On the way out a person's details are always opened: the read models keep them. What was said at a contact, and
 * what a complaint says, are free text: opened only as {@link FreeText} asks, so that loading an aggregate or
 * projecting reads no key that no rule or fold needs. Values stored in clear text (before sealing) read as they are
 * until erased, then as erased.
 */
public final class PersonalDataModule extends SimpleModule {

    /** What a value reads as once its key was destroyed. */
    public static final String ERASED = CounterpartyPerson.ERASED;

    /**
     * What a contact's text reads as where it is left sealed. One instance, told apart by identity: an event read so
     * and written again (a dead letter) is written with this text in clear, not sealed as if it had been said.
     */
    @SuppressWarnings("StringOperationCanBeSimplified")
    public static final String NOT_OPENED = new String("[sealed]");

    /** Which free text is opened on the way out; the rest reads as {@link #NOT_OPENED}. */
    public enum FreeText {
        /** A contact's and a complaint's: for the readers that show events to someone, and for tools. */
        OPENED(true, true),
        /**
         * A complaint's only: the command side's event store, whose complaint rules compare a correction's description
         * with the current one and carry it on; no rule or aggregate reads a contact's text.
         */
        COMPLAINTS_OPENED(false, true),
        /** Neither: the query side's event store, whose projections and rebuilds read neither. */
        LEFT_SEALED(false, false);

        private final boolean contacts;
        private final boolean complaints;

        FreeText(boolean contacts, boolean complaints) {
            this.contacts = contacts;
            this.complaints = complaints;
        }
    }

    /** Reads a complaint event's tree with decimals exactly (a compensation), not through a double. */
    private static final ObjectMapper PLAIN = LedgerJson.newMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    public PersonalDataModule(PersonalDataKeys keys, FreeText freeText) {
        super("personal-data");
        addSerializer(CounterpartyPersonAdded.class, new PersonSealing(keys));
        addDeserializer(CounterpartyPersonAdded.class, new PersonOpening(keys));
        addSerializer(ContactLogged.class, new ContactSealing(keys));
        addDeserializer(ContactLogged.class, new ContactOpening(keys, freeText));
        addSerializer(ContactSummaryCorrected.class, new CorrectionSealing(keys));
        addDeserializer(ContactSummaryCorrected.class, new CorrectionOpening(keys, freeText));
        complaintText(ComplaintFiled.class, "description", ComplaintFiled::description, true,
                (e, text, context) -> new ComplaintFiled(complaintId(e), relationshipId(e),
                        ComplaintCategory.valueOf(e.path("category").asText()),
                        Severity.valueOf(e.path("severity").asText()), text, instant(e.get("receivedAt"), context)),
                keys, freeText);
        complaintText(ComplaintDetailsCorrected.class, "description", ComplaintDetailsCorrected::description, false,
                (e, text, context) -> new ComplaintDetailsCorrected(complaintId(e), relationshipId(e),
                        ComplaintCategory.valueOf(e.path("category").asText()),
                        Severity.valueOf(e.path("severity").asText()), text, Opener.text(e.get("reason"))),
                keys, freeText);
        complaintText(ComplaintAcknowledged.class, "note", ComplaintAcknowledged::note, false,
                (e, text, context) -> new ComplaintAcknowledged(complaintId(e), relationshipId(e), text),
                keys, freeText);
        complaintText(ComplaintResolved.class, "resolution", ComplaintResolved::resolution, false,
                (e, text, context) -> new ComplaintResolved(complaintId(e), relationshipId(e), text,
                        money(e.get("compensation")), satisfaction(e.get("satisfaction"))),
                keys, freeText);
    }

    /** {@code filing}: the event that creates the complaint, whose key is new. */
    private <E extends ComplaintEvent> void complaintText(Class<E> type, String field, Function<E, String> text,
                                                          boolean filing, ComplaintReader<E> reader,
                                                          PersonalDataKeys keys, FreeText freeText) {
        addSerializer(type, new ComplaintSealing<>(type, field, text, filing, keys));
        addDeserializer(type, new ComplaintOpening<>(type, field, reader, keys, freeText));
    }

    /**
     * Builds a complaint event from its JSON tree and its text as read (opened, erased or left sealed), taking the
     * other fields from the tree directly: every projection and rebuild reads complaints, and Jackson's reader run
     * on a tree cost the status rebuild about a sixth (docs/measurements.md, twenty-eighth round).
     */
    @FunctionalInterface
    private interface ComplaintReader<E> {
        E read(JsonNode event, String text, DeserializationContext context) throws IOException;
    }

    private static ComplaintId complaintId(JsonNode event) {
        return ComplaintId.of(event.path("complaintId").asText());
    }

    private static RelationshipId relationshipId(JsonNode event) {
        return RelationshipId.of(event.path("relationshipId").asText());
    }

    /** Exactly as stored: the tree holds the amount as a decimal ({@link #PLAIN}), never as a double. */
    private static Money money(JsonNode value) {
        return value == null || value.isNull() ? null
                : new Money(value.path("amount").decimalValue(), value.path("currency").asText());
    }

    private static Satisfaction satisfaction(JsonNode value) {
        return value == null || value.isNull() ? null : Satisfaction.valueOf(value.asText());
    }

    /** The values of one event, sealed with their holder's key as they are written. */
    private static final class Sealer {

        private final KeyHolder holder;
        private final SecretKey key;

        /** {@code key} null: the holder was erased and a reader writes the event again; values go out erased. */
        Sealer(KeyHolder holder, SecretKey key) {
            this.holder = holder;
            this.key = key;
        }

        boolean erased() {
            return key == null;
        }

        void write(JsonGenerator out, String field, String value) throws IOException {
            out.writeFieldName(field);
            writeValue(out, value, field);
        }

        void writeList(JsonGenerator out, String field, List<String> values) throws IOException {
            out.writeArrayFieldStart(field);
            for (int i = 0; i < values.size(); i++) {
                writeValue(out, values.get(i), field + "/" + i);
            }
            out.writeEndArray();
        }

        private void writeValue(JsonGenerator out, String value, String place) throws IOException {
            // identity, not equality: only the placeholder a reader put there is no text that was said
            if (value == null || value == NOT_OPENED) {
                out.writeString(value);
            } else if (key == null) {
                out.writeString(ERASED);
            } else {
                out.writeStartObject();
                out.writeStringField("cipher", Seal.CIPHER);
                out.writeStringField("sealed", Seal.seal(key, holder.place(place), value));
                out.writeEndObject();
            }
        }
    }

    /** The values of one event as a reader gets them: opened, erased, or (a contact's, if so asked) left sealed. */
    private static final class Opener {

        private final KeyHolder holder;
        private final PersonalDataKeys keys;
        private final boolean open;
        /** Read once per event, when first needed. */
        private Optional<SecretKey> key;
        private Boolean erased;

        Opener(KeyHolder holder, PersonalDataKeys keys, boolean open) {
            this.holder = holder;
            this.keys = keys;
            this.open = open;
        }

        Optional<SecretKey> key() {
            if (key == null) {
                key = keys.openingKey(holder);
            }
            return key;
        }

        boolean erased() {
            if (erased == null) {
                erased = keys.erased(holder);
            }
            return erased;
        }

        boolean anySealed(JsonNode event, String... fields) {
            for (String field : fields) {
                JsonNode value = event.get(field);
                if (value != null && value.isObject()) {
                    return true;
                }
            }
            return false;
        }

        static String text(JsonNode value) {
            return value == null || value.isNull() ? null : value.asText();
        }

        String read(JsonNode event, String field) {
            return value(event.get(field), field);
        }

        List<String> readList(JsonNode event, String field) {
            JsonNode values = event.get(field);
            if (values == null || values.isNull()) {
                return null;
            }
            List<String> read = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                read.add(value(values.get(i), field + "/" + i));
            }
            return read;
        }

        String value(JsonNode value, String place) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (!open) {
                return NOT_OPENED;
            }
            if (!value.isObject()) {
                // clear text, recorded before sealing: erased all the same once erased
                return erased() ? ERASED : value.asText();
            }
            if (!Seal.CIPHER.equals(value.path("cipher").asText())) {
                throw new IllegalStateException("the " + place + " of " + holder + " is sealed with "
                        + value.path("cipher").asText() + ", which this reader does not know");
            }
            return key().map(k -> Seal.open(k, holder.place(place), value.path("sealed").asText())).orElse(ERASED);
        }
    }

    private static final class PersonSealing extends StdSerializer<CounterpartyPersonAdded> {

        private final PersonalDataKeys keys;

        PersonSealing(PersonalDataKeys keys) {
            super(CounterpartyPersonAdded.class);
            this.keys = keys;
        }

        @Override
        public void serialize(CounterpartyPersonAdded event, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            CounterpartyPerson person = event.person();
            KeyHolder holder = new KeyHolder.Person(event.relationshipId(), person.personId());
            // What is left of an erased person holds nothing to seal (and there is no key to seal it with).
            Sealer sealer = new Sealer(holder, person.isErased() ? null : keys.sealingKey(holder));
            if (sealer.erased()) {
                person = CounterpartyPerson.erased(person.personId());
            }
            out.writeStartObject();
            out.writeStringField("relationshipId", event.relationshipId().toString());
            out.writeObjectFieldStart("person");
            out.writeStringField("personId", person.personId().toString());
            sealer.write(out, "name", person.name());
            sealer.write(out, "position", person.position());
            sealer.write(out, "email", person.email());
            out.writeEndObject();
            out.writeEndObject();
        }
    }

    private static final class PersonOpening extends StdDeserializer<CounterpartyPersonAdded> {

        private final PersonalDataKeys keys;

        PersonOpening(PersonalDataKeys keys) {
            super(CounterpartyPersonAdded.class);
            this.keys = keys;
        }

        @Override
        public CounterpartyPersonAdded deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode event = in.readValueAsTree();
            RelationshipId relationshipId = RelationshipId.of(event.path("relationshipId").asText());
            JsonNode person = event.path("person");
            PersonId personId = PersonId.of(person.path("personId").asText());
            // A person's details are opened together or read as erased together: never a name without its email.
            Opener opener = new Opener(new KeyHolder.Person(relationshipId, personId), keys, true);
            if (!opener.anySealed(person, "name", "position", "email")) {
                CounterpartyPerson clear = new CounterpartyPerson(personId, Opener.text(person.get("name")),
                        Opener.text(person.get("position")), Opener.text(person.get("email")));
                return new CounterpartyPersonAdded(relationshipId, clear.isErased() || !opener.erased()
                        ? clear : CounterpartyPerson.erased(personId));
            }
            if (opener.key().isEmpty()) {
                return new CounterpartyPersonAdded(relationshipId, CounterpartyPerson.erased(personId));
            }
            return new CounterpartyPersonAdded(relationshipId, new CounterpartyPerson(personId,
                    opener.read(person, "name"), opener.read(person, "position"), opener.read(person, "email")));
        }
    }

    private static final class ContactSealing extends StdSerializer<ContactLogged> {

        private final PersonalDataKeys keys;

        ContactSealing(PersonalDataKeys keys) {
            super(ContactLogged.class);
            this.keys = keys;
        }

        @Override
        public void serialize(ContactLogged event, JsonGenerator out, SerializerProvider provider) throws IOException {
            KeyHolder holder = new KeyHolder.Contact(event.relationshipId(), event.contactId());
            Sealer sealer = new Sealer(holder, keys.newKey(holder));
            out.writeStartObject();
            out.writeStringField("relationshipId", event.relationshipId().toString());
            out.writeStringField("contactId", event.contactId().toString());
            provider.defaultSerializeField("channel", event.channel(), out);
            sealer.writeList(out, "participants", event.participants());
            sealer.write(out, "summary", event.summary());
            provider.defaultSerializeField("sentiment", event.sentiment(), out);
            sealer.writeList(out, "followUps", event.followUps());
            provider.defaultSerializeField("occurredAt", event.occurredAt(), out);
            out.writeEndObject();
        }
    }

    private static final class ContactOpening extends StdDeserializer<ContactLogged> {

        private final PersonalDataKeys keys;
        private final FreeText freeText;

        ContactOpening(PersonalDataKeys keys, FreeText freeText) {
            super(ContactLogged.class);
            this.keys = keys;
            this.freeText = freeText;
        }

        @Override
        public ContactLogged deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode event = in.readValueAsTree();
            RelationshipId relationshipId = RelationshipId.of(event.path("relationshipId").asText());
            ContactId contactId = ContactId.of(event.path("contactId").asText());
            Opener opener = new Opener(new KeyHolder.Contact(relationshipId, contactId), keys,
                    freeText.contacts);
            // read directly, not through Jackson's deserializers per field: every projection and rebuild reads it
            return new ContactLogged(relationshipId, contactId,
                    ContactChannel.valueOf(event.path("channel").asText()),
                    opener.readList(event, "participants"), opener.read(event, "summary"),
                    Sentiment.valueOf(event.path("sentiment").asText()),
                    opener.readList(event, "followUps"), instant(event.get("occurredAt"), context));
        }
    }

    /** An instant as the event mappers write it (ISO-8601), or whatever else Jackson's reader takes. */
    private static Instant instant(JsonNode value, DeserializationContext context) throws IOException {
        if (value != null && value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (java.time.format.DateTimeParseException e) {
                // not in the form written: let Jackson's reader decide (offsets, numbers)
            }
        }
        return context.readTreeAsValue(value, Instant.class);
    }

    private static final class CorrectionSealing extends StdSerializer<ContactSummaryCorrected> {

        private final PersonalDataKeys keys;

        CorrectionSealing(PersonalDataKeys keys) {
            super(ContactSummaryCorrected.class);
            this.keys = keys;
        }

        @Override
        public void serialize(ContactSummaryCorrected event, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            KeyHolder holder = new KeyHolder.Contact(event.relationshipId(), event.contactId());
            out.writeStartObject();
            out.writeStringField("relationshipId", event.relationshipId().toString());
            out.writeStringField("contactId", event.contactId().toString());
            new Sealer(holder, keys.sealingKey(holder)).write(out, "correctedSummary", event.correctedSummary());
            out.writeStringField("reason", event.reason());
            out.writeEndObject();
        }
    }

    private static final class CorrectionOpening extends StdDeserializer<ContactSummaryCorrected> {

        private final PersonalDataKeys keys;
        private final FreeText freeText;

        CorrectionOpening(PersonalDataKeys keys, FreeText freeText) {
            super(ContactSummaryCorrected.class);
            this.keys = keys;
            this.freeText = freeText;
        }

        @Override
        public ContactSummaryCorrected deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode event = in.readValueAsTree();
            RelationshipId relationshipId = RelationshipId.of(event.path("relationshipId").asText());
            ContactId contactId = ContactId.of(event.path("contactId").asText());
            Opener opener = new Opener(new KeyHolder.Contact(relationshipId, contactId), keys,
                    freeText.contacts);
            JsonNode reason = event.get("reason");
            return new ContactSummaryCorrected(relationshipId, contactId, opener.read(event, "correctedSummary"),
                    reason == null || reason.isNull() ? null : reason.asText());
        }
    }

    /**
     * A complaint event with one text field sealed with the complaint's key, every other field written as without
     * sealing: the record's components in their order, each by its own serializer.
     */
    private static final class ComplaintSealing<E extends ComplaintEvent> extends StdSerializer<E> {

        private final RecordComponent[] components;
        private final String field;
        private final Function<E, String> text;
        private final boolean filing;
        private final PersonalDataKeys keys;

        ComplaintSealing(Class<E> type, String field, Function<E, String> text, boolean filing, PersonalDataKeys keys) {
            super(type);
            this.components = type.getRecordComponents();
            this.field = field;
            this.text = text;
            this.filing = filing;
            this.keys = keys;
        }

        @Override
        public void serialize(E event, JsonGenerator out, SerializerProvider provider) throws IOException {
            String value = text.apply(event);
            KeyHolder holder = new KeyHolder.Complaint(event.relationshipId(), event.complaintId());
            // no key for an event without text (an acknowledgement without a note), nor for the placeholder
            Sealer sealer = value == null || value == NOT_OPENED ? new Sealer(holder, null)
                    : new Sealer(holder, filing ? keys.newKey(holder) : keys.sealingKey(holder));
            out.writeStartObject();
            for (RecordComponent component : components) {
                if (component.getName().equals(field)) {
                    sealer.write(out, field, value);
                } else {
                    provider.defaultSerializeField(component.getName(), valueOf(component, event), out);
                }
            }
            out.writeEndObject();
        }

        private static Object valueOf(RecordComponent component, Object event) {
            try {
                return component.getAccessor().invoke(event);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + event.getClass(), e);
            }
        }
    }

    private static final class ComplaintOpening<E extends ComplaintEvent> extends StdDeserializer<E> {

        private final String field;
        private final ComplaintReader<E> reader;
        private final PersonalDataKeys keys;
        private final boolean open;

        ComplaintOpening(Class<E> type, String field, ComplaintReader<E> reader, PersonalDataKeys keys,
                         FreeText freeText) {
            super(type);
            this.field = field;
            this.reader = reader;
            this.keys = keys;
            this.open = freeText.complaints;
        }

        @Override
        public E deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode event = PLAIN.readTree(in);
            JsonNode text = event.get(field);
            String read = null;
            if (text != null && !text.isNull()) {
                read = new Opener(new KeyHolder.Complaint(relationshipId(event), complaintId(event)), keys, open)
                        .value(text, field);
            }
            return reader.read(event, read, context);
        }
    }
}
