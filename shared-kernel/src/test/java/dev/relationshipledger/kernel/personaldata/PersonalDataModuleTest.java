package dev.relationshipledger.kernel.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataModuleTest {

    private static final RelationshipId RELATIONSHIP = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    private static final PersonId JANE = PersonId.of("6a1f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6e");
    private static final PersonId JOHN = PersonId.of("7b2f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6f");
    private static final CounterpartyPersonAdded ADDED = new CounterpartyPersonAdded(RELATIONSHIP,
            new CounterpartyPerson(JANE, "Jane Doe", "Head of purchasing", "jane@acme.example"));

    /** Keys in a map: destroying one is removing it (and, for details in clear text, naming it erased). */
    private static final class MapKeys implements PersonalDataKeys {
        final Map<String, SecretKey> keys = new HashMap<>();
        final java.util.Set<String> erased = new java.util.HashSet<>();

        @Override
        public boolean erased(RelationshipId relationshipId, PersonId personId) {
            return erased.contains(relationshipId + "/" + personId);
        }

        PersonalDataKeys.ReadOnly readOnly() {
            return new PersonalDataKeys.ReadOnly() {
                @Override
                public Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId) {
                    return MapKeys.this.openingKey(relationshipId, personId);
                }

                @Override
                public boolean erased(RelationshipId relationshipId, PersonId personId) {
                    return MapKeys.this.erased(relationshipId, personId);
                }
            };
        }

        @Override
        public SecretKey sealingKey(RelationshipId relationshipId, PersonId personId) {
            return keys.computeIfAbsent(relationshipId + "/" + personId, k -> Seal.newKey());
        }

        @Override
        public Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId) {
            return Optional.ofNullable(keys.get(relationshipId + "/" + personId));
        }
    }

    private final MapKeys keys = new MapKeys();
    private final ObjectMapper events = LedgerJson.newEventMapper(keys);

    @Test
    void theDetailsAreStoredSealedAndTheIdsInClearText() throws Exception {
        String stored = events.writeValueAsString(ADDED);

        assertThat(stored).doesNotContain("Jane", "purchasing", "acme");
        JsonNode json = events.readTree(stored);
        assertThat(json.path("relationshipId").asText()).isEqualTo(RELATIONSHIP.toString());
        assertThat(json.path("person").path("personId").asText()).isEqualTo(JANE.toString());
        for (String field : new String[] {"name", "position", "email"}) {
            assertThat(json.path("person").path(field).path("cipher").asText()).isEqualTo("AES-256-GCM");
            assertThat(json.path("person").path(field).path("sealed").asText()).isNotBlank();
        }
        assertThat(events.readValue(stored, CounterpartyPersonAdded.class)).isEqualTo(ADDED);
    }

    @Test
    void theSameDetailsSealDifferentlyEachTime() throws Exception {
        assertThat(events.writeValueAsString(ADDED)).isNotEqualTo(events.writeValueAsString(ADDED));
    }

    @Test
    void absentDetailsStayAbsent() throws Exception {
        CounterpartyPersonAdded nameOnly = new CounterpartyPersonAdded(RELATIONSHIP,
                new CounterpartyPerson(JANE, "Jane Doe", null, null));
        String stored = events.writeValueAsString(nameOnly);

        assertThat(events.readTree(stored).path("person").path("email").isNull()).isTrue();
        assertThat(events.readValue(stored, CounterpartyPersonAdded.class)).isEqualTo(nameOnly);
    }

    @Test
    void onceTheKeyIsDestroyedOnlyTheIdIsLeft() throws Exception {
        String stored = events.writeValueAsString(ADDED);
        keys.keys.clear();

        CounterpartyPersonAdded read = events.readValue(stored, CounterpartyPersonAdded.class);

        assertThat(read.person()).isEqualTo(CounterpartyPerson.erased(JANE));
        assertThat(read.person().isErased()).isTrue();
        assertThat(read.relationshipId()).isEqualTo(RELATIONSHIP);
    }

    @Test
    void eachPersonHasTheirOwnKey() throws Exception {
        String jane = events.writeValueAsString(ADDED);
        String john = events.writeValueAsString(new CounterpartyPersonAdded(RELATIONSHIP,
                new CounterpartyPerson(JOHN, "John Roe", null, "john@acme.example")));
        keys.keys.remove(RELATIONSHIP + "/" + JANE);

        assertThat(events.readValue(jane, CounterpartyPersonAdded.class).person().isErased()).isTrue();
        assertThat(events.readValue(john, CounterpartyPersonAdded.class).person().name()).isEqualTo("John Roe");
    }

    @Test
    void aSealedValueMovedToAnotherPlaceDoesNotOpen() throws Exception {
        ObjectNode stored = (ObjectNode) events.readTree(events.writeValueAsString(ADDED));
        ObjectNode person = (ObjectNode) stored.get("person");
        JsonNode name = person.get("name");
        person.set("name", person.get("email"));
        person.set("email", name);

        assertThatThrownBy(() -> events.treeToValue(stored, CounterpartyPersonAdded.class))
                .hasStackTraceContaining("does not open with its key");
    }

    @Test
    void detailsRecordedInClearTextStillRead() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/approved-events/CounterpartyPersonAdded.json")) {
            String clear = new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(events.readValue(clear, CounterpartyPersonAdded.class))
                    .isEqualTo(LedgerJson.newMapper().readValue(clear, CounterpartyPersonAdded.class));
            assertThat(keys.keys).isEmpty();

            keys.erased.add(RELATIONSHIP + "/" + JANE);
            assertThat(events.readValue(clear, CounterpartyPersonAdded.class).person())
                    .as("erased: its clear text reads as erased too").isEqualTo(CounterpartyPerson.erased(JANE));
        }
    }

    @Test
    void erasedDetailsAreNeverSealedAgain() {
        PersonalDataKeys destroyed = new PersonalDataKeys() {
            @Override
            public SecretKey sealingKey(RelationshipId relationshipId, PersonId personId) {
                throw new PersonalDataErased(relationshipId, personId);
            }

            @Override
            public Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId) {
                return Optional.empty();
            }

            @Override
            public boolean erased(RelationshipId relationshipId, PersonId personId) {
                return true;
            }
        };

        assertThatThrownBy(() -> LedgerJson.newEventMapper(destroyed).writeValueAsString(ADDED))
                .hasRootCauseInstanceOf(PersonalDataErased.class);
    }

    @Test
    void aReaderWritesAnEventAgainWithTheKeyThePersonHasOrThePersonAsErased() throws Exception {
        String stored = events.writeValueAsString(ADDED);
        ObjectMapper readerEvents = LedgerJson.newEventMapper(keys.readOnly());

        String again = readerEvents.writeValueAsString(readerEvents.readValue(stored, CounterpartyPersonAdded.class));
        assertThat(again).doesNotContain("Jane").isNotEqualTo(stored);
        assertThat(events.readValue(again, CounterpartyPersonAdded.class)).isEqualTo(ADDED);
        assertThat(keys.keys).as("no key made by a reader").hasSize(1);

        keys.keys.clear();
        CounterpartyPersonAdded erased = readerEvents.readValue(stored, CounterpartyPersonAdded.class);
        String erasedAgain = readerEvents.writeValueAsString(erased);
        assertThat(erasedAgain).doesNotContain("cipher").contains("[erased]");
        assertThat(readerEvents.readValue(erasedAgain, CounterpartyPersonAdded.class)).isEqualTo(erased);
        assertThat(readerEvents.writeValueAsString(ADDED)).as("opened before the erasure, written again after it")
                .doesNotContain("Jane", "cipher").contains("[erased]");
    }

    @Test
    void nobodyRecordsANameThatReadsAsErased() {
        assertThatThrownBy(() -> new dev.relationshipledger.kernel.relationship.AddCounterpartyPerson(RELATIONSHIP,
                new CounterpartyPerson(JANE, CounterpartyPerson.ERASED, null, null)))
                .hasMessageContaining("erased");
    }
}
