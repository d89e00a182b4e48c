package dev.relationshipledger.kernel.personaldata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.util.Optional;

/**
 * Stores a person's details sealed with their key (decision 0019): in {@link CounterpartyPersonAdded} the name,
 * position and email are each written as {@code {"cipher": "AES-256-GCM", "sealed": "<base64>"}} instead of text,
 * and read back as text while the key exists, or as {@link CounterpartyPerson#erased} once it was destroyed. The
 * ids stay in clear text: every fold, rule and audit entry keeps working on them after an erasure.
 *
 * <p>Details stored in clear text (events recorded before sealing, decision 0019) read as they are until the person
 * is erased, then as erased.
 */
public final class PersonalDataModule extends SimpleModule {

    public PersonalDataModule(PersonalDataKeys keys) {
        super("personal-data");
        addSerializer(CounterpartyPersonAdded.class, new Sealing(keys));
        addDeserializer(CounterpartyPersonAdded.class, new Opening(keys));
    }

    /** Where a value belongs, bound into its seal: it opens nowhere else. */
    static String place(RelationshipId relationshipId, PersonId personId, String field) {
        return "relationship/" + relationshipId + "/person/" + personId + "/" + field;
    }

    private static final class Sealing extends StdSerializer<CounterpartyPersonAdded> {

        private final PersonalDataKeys keys;

        Sealing(PersonalDataKeys keys) {
            super(CounterpartyPersonAdded.class);
            this.keys = keys;
        }

        @Override
        public void serialize(CounterpartyPersonAdded event, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            CounterpartyPerson person = event.person();
            // What is left of an erased person holds nothing to seal (and there is no key to seal it with).
            SecretKey key = person.isErased() ? null : keys.sealingKey(event.relationshipId(), person.personId());
            if (key == null) {
                person = CounterpartyPerson.erased(person.personId());
            }
            out.writeStartObject();
            out.writeStringField("relationshipId", event.relationshipId().toString());
            out.writeObjectFieldStart("person");
            out.writeStringField("personId", person.personId().toString());
            sealed(out, key, event, "name", person.name());
            sealed(out, key, event, "position", person.position());
            sealed(out, key, event, "email", person.email());
            out.writeEndObject();
            out.writeEndObject();
        }

        private static void sealed(JsonGenerator out, SecretKey key, CounterpartyPersonAdded event, String field,
                                   String value) throws IOException {
            if (value == null || key == null) {
                out.writeStringField(field, value);
                return;
            }
            out.writeObjectFieldStart(field);
            out.writeStringField("cipher", Seal.CIPHER);
            out.writeStringField("sealed", Seal.seal(key,
                    place(event.relationshipId(), event.person().personId(), field), value));
            out.writeEndObject();
        }
    }

    private static final class Opening extends StdDeserializer<CounterpartyPersonAdded> {

        private final PersonalDataKeys keys;

        Opening(PersonalDataKeys keys) {
            super(CounterpartyPersonAdded.class);
            this.keys = keys;
        }

        @Override
        public CounterpartyPersonAdded deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode event = in.readValueAsTree();
            RelationshipId relationshipId = RelationshipId.of(event.path("relationshipId").asText());
            JsonNode person = event.path("person");
            PersonId personId = PersonId.of(person.path("personId").asText());
            if (!(sealed(person.get("name")) || sealed(person.get("position")) || sealed(person.get("email")))) {
                // recorded in clear text (before sealing, or erased already): erased all the same once erased
                CounterpartyPerson clear = new CounterpartyPerson(personId,
                        text(person.get("name")), text(person.get("position")), text(person.get("email")));
                return new CounterpartyPersonAdded(relationshipId, clear.isErased() || !keys.erased(relationshipId, personId)
                        ? clear : CounterpartyPerson.erased(personId));
            }
            Optional<SecretKey> key = keys.openingKey(relationshipId, personId);
            if (key.isEmpty()) {
                return new CounterpartyPersonAdded(relationshipId, CounterpartyPerson.erased(personId));
            }
            return new CounterpartyPersonAdded(relationshipId, new CounterpartyPerson(personId,
                    open(key.get(), relationshipId, personId, "name", person.get("name")),
                    open(key.get(), relationshipId, personId, "position", person.get("position")),
                    open(key.get(), relationshipId, personId, "email", person.get("email"))));
        }

        private static boolean sealed(JsonNode value) {
            return value != null && value.isObject();
        }

        private static String text(JsonNode value) {
            return value == null || value.isNull() ? null : value.asText();
        }

        private static String open(SecretKey key, RelationshipId relationshipId, PersonId personId, String field,
                                   JsonNode value) {
            if (!sealed(value)) {
                return text(value);
            }
            if (!Seal.CIPHER.equals(value.path("cipher").asText())) {
                throw new IllegalStateException("person " + personId + "'s " + field + " is sealed with "
                        + value.path("cipher").asText() + ", which this reader does not know");
            }
            return Seal.open(key, place(relationshipId, personId, field), value.path("sealed").asText());
        }
    }
}
