package dev.relationshipledger.kernel.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintCategory;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintEscalated;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.Satisfaction;
import dev.relationshipledger.kernel.complaint.Severity;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.Sentiment;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.io.InputStream;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataModuleTest {

    private static final RelationshipId RELATIONSHIP = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    private static final PersonId JANE = PersonId.of("6a1f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6e");
    private static final PersonId JOHN = PersonId.of("7b2f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6f");
    private static final CounterpartyPersonAdded ADDED = new CounterpartyPersonAdded(RELATIONSHIP,
            new CounterpartyPerson(JANE, "Jane Doe", "Head of purchasing", "jane@acme.example"));

    /** Keys in a map: destroying one is removing it (and, for values in clear text, naming it erased). */
    private static final class MapKeys implements PersonalDataKeys {
        final Map<KeyHolder, SecretKey> keys = new HashMap<>();
        final Set<KeyHolder> erased = new HashSet<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public boolean erased(KeyHolder holder) {
            reads.incrementAndGet();
            return erased.contains(holder);
        }

        PersonalDataKeys.ReadOnly readOnly() {
            return new PersonalDataKeys.ReadOnly() {
                @Override
                public Optional<SecretKey> openingKey(KeyHolder holder) {
                    return MapKeys.this.openingKey(holder);
                }

                @Override
                public boolean erased(KeyHolder holder) {
                    return MapKeys.this.erased(holder);
                }
            };
        }

        @Override
        public SecretKey sealingKey(KeyHolder holder) {
            if (erased.contains(holder)) {
                throw new PersonalDataErased(holder);
            }
            return keys.computeIfAbsent(holder, k -> Seal.newKey());
        }

        @Override
        public Optional<SecretKey> openingKey(KeyHolder holder) {
            reads.incrementAndGet();
            return Optional.ofNullable(keys.get(holder));
        }

        void destroy(KeyHolder holder) {
            keys.remove(holder);
            erased.add(holder);
        }
    }

    private static final ContactId CONTACT = ContactId.of("0d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a");
    private static final ContactLogged CONTACT_LOGGED = new ContactLogged(RELATIONSHIP, CONTACT, ContactChannel.MEETING,
            List.of("Jane Doe", "John Roe"), "Jane said Acme will double the volume", Sentiment.POSITIVE,
            List.of("send Jane the minutes"), Instant.parse("2026-11-20T10:00:00Z"));
    private static final ContactSummaryCorrected CORRECTED = new ContactSummaryCorrected(RELATIONSHIP, CONTACT,
            "Jane said Acme might double the volume", "overstated");

    private final MapKeys keys = new MapKeys();
    private final ObjectMapper events = LedgerJson.newEventMapper(keys);
    /** As the event store's serializers read: a contact's text left sealed. */
    private final ObjectMapper store = LedgerJson.newEventMapper(keys, PersonalDataModule.FreeText.LEFT_SEALED);

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
        keys.keys.remove(new KeyHolder.Person(RELATIONSHIP, JANE));

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

            keys.erased.add(new KeyHolder.Person(RELATIONSHIP, JANE));
            assertThat(events.readValue(clear, CounterpartyPersonAdded.class).person())
                    .as("erased: its clear text reads as erased too").isEqualTo(CounterpartyPerson.erased(JANE));
        }
    }

    @Test
    void erasedDetailsAreNeverSealedAgain() {
        PersonalDataKeys destroyed = new PersonalDataKeys() {
            @Override
            public SecretKey sealingKey(KeyHolder holder) {
                throw new PersonalDataErased(holder);
            }

            @Override
            public Optional<SecretKey> openingKey(KeyHolder holder) {
                return Optional.empty();
            }

            @Override
            public boolean erased(KeyHolder holder) {
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

    @Test
    void whatWasSaidAtAContactIsStoredSealedWithTheContactsKey() throws Exception {
        String stored = events.writeValueAsString(CONTACT_LOGGED);

        assertThat(stored).doesNotContain("Jane", "John", "volume", "minutes");
        JsonNode json = events.readTree(stored);
        assertThat(json.path("channel").asText()).isEqualTo("MEETING");
        assertThat(json.path("sentiment").asText()).isEqualTo("POSITIVE");
        assertThat(json.path("occurredAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(json.path("participants")).as("each participant sealed: the count stays readable").hasSize(2);
        assertThat(json.path("participants").get(1).path("cipher").asText()).isEqualTo("AES-256-GCM");
        assertThat(json.path("summary").path("sealed").asText()).isNotBlank();
        assertThat(json.path("followUps").get(0).path("sealed").asText()).isNotBlank();
        assertThat(keys.keys).containsOnlyKeys(new KeyHolder.Contact(RELATIONSHIP, CONTACT));
        assertThat(events.readValue(stored, ContactLogged.class)).isEqualTo(CONTACT_LOGGED);

        String correction = events.writeValueAsString(CORRECTED);
        assertThat(correction).doesNotContain("volume").contains("overstated");
        assertThat(events.readValue(correction, ContactSummaryCorrected.class)).isEqualTo(CORRECTED);
        assertThat(keys.keys).as("the correction is sealed with the contact's key").hasSize(1);
    }

    @Test
    void theEventStoresReadersLeaveAContactsTextSealedAndReadNoKey() throws Exception {
        String stored = events.writeValueAsString(CONTACT_LOGGED);
        String correction = events.writeValueAsString(CORRECTED);
        keys.reads.set(0);

        ContactLogged read = store.readValue(stored, ContactLogged.class);

        assertThat(read.summary()).isSameAs(PersonalDataModule.NOT_OPENED);
        assertThat(read.participants()).hasSize(2).allMatch(p -> p == PersonalDataModule.NOT_OPENED);
        assertThat(read.contactId()).isEqualTo(CONTACT);
        assertThat(read.sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(store.readValue(correction, ContactSummaryCorrected.class).reason()).isEqualTo("overstated");
        assertThat(keys.reads).as("no key read").hasValue(0);

        String again = store.writeValueAsString(read);
        assertThat(again).as("written again (a dead letter): the placeholder in clear, nothing sealed as said")
                .doesNotContain("cipher").contains("[sealed]");
    }

    @Test
    void onceTheContactsKeyIsDestroyedItsTextReadsAsErasedAndNothingElseChanges() throws Exception {
        String stored = events.writeValueAsString(CONTACT_LOGGED);
        String correction = events.writeValueAsString(CORRECTED);
        String person = events.writeValueAsString(ADDED);
        keys.destroy(new KeyHolder.Contact(RELATIONSHIP, CONTACT));

        ContactLogged read = events.readValue(stored, ContactLogged.class);

        assertThat(read.summary()).isEqualTo("[erased]");
        assertThat(read.participants()).containsExactly("[erased]", "[erased]");
        assertThat(read.followUps()).containsExactly("[erased]");
        assertThat(read.occurredAt()).isEqualTo(CONTACT_LOGGED.occurredAt());
        assertThat(events.readValue(correction, ContactSummaryCorrected.class).correctedSummary()).isEqualTo("[erased]");
        assertThat(events.readValue(person, CounterpartyPersonAdded.class)).as("the person's own key").isEqualTo(ADDED);
        assertThatThrownBy(() -> events.writeValueAsString(CORRECTED)).as("nothing is sealed with it again")
                .hasRootCauseInstanceOf(PersonalDataErased.class);
    }

    @Test
    void aContactsTextRecordedInClearTextReadsAsItIsUntilErased() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/approved-events/ContactLogged.json")) {
            String clear = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            ContactLogged asRecorded = LedgerJson.newMapper().readValue(clear, ContactLogged.class);

            assertThat(events.readValue(clear, ContactLogged.class)).isEqualTo(asRecorded);
            assertThat(store.readValue(clear, ContactLogged.class).summary()).isSameAs(PersonalDataModule.NOT_OPENED);

            keys.destroy(new KeyHolder.Contact(asRecorded.relationshipId(), asRecorded.contactId()));
            assertThat(events.readValue(clear, ContactLogged.class).summary()).isEqualTo("[erased]");
        }
    }

    @Test
    void aContactsSealedValueMovedToAnotherPlaceOfTheSameContactDoesNotOpen() throws Exception {
        ObjectNode stored = (ObjectNode) events.readTree(events.writeValueAsString(CONTACT_LOGGED));
        com.fasterxml.jackson.databind.node.ArrayNode participants =
                (com.fasterxml.jackson.databind.node.ArrayNode) stored.get("participants");
        JsonNode first = participants.get(0);
        participants.set(0, participants.get(1));
        participants.set(1, first);

        assertThatThrownBy(() -> events.treeToValue(stored, ContactLogged.class)).as("same key, another place")
                .hasStackTraceContaining("does not open with its key");

        ObjectNode swapped = (ObjectNode) events.readTree(events.writeValueAsString(CONTACT_LOGGED));
        swapped.set("summary", swapped.get("followUps").get(0));
        assertThatThrownBy(() -> events.treeToValue(swapped, ContactLogged.class))
                .hasStackTraceContaining("does not open with its key");
    }

    private static final ComplaintId COMPLAINT = ComplaintId.of("8b7c6d5e-4f3a-4b2c-9d1e-0f1a2b3c4d5e");
    private static final KeyHolder COMPLAINT_KEY = new KeyHolder.Complaint(RELATIONSHIP, COMPLAINT);
    private static final ComplaintFiled FILED = new ComplaintFiled(COMPLAINT, RELATIONSHIP, ComplaintCategory.SERVICE,
            Severity.HIGH, "Jane Doe was told twice her order had shipped", Instant.parse("2026-11-20T10:00:00Z"));
    private static final ComplaintAcknowledged ACKNOWLEDGED = new ComplaintAcknowledged(COMPLAINT, RELATIONSHIP,
            "called Jane back");
    private static final ComplaintResolved RESOLVED = new ComplaintResolved(COMPLAINT, RELATIONSHIP,
            "apologised to Jane, credit note", Money.of("250", "EUR"), Satisfaction.SATISFIED);
    private static final ComplaintDetailsCorrected DETAILS = new ComplaintDetailsCorrected(COMPLAINT, RELATIONSHIP,
            ComplaintCategory.DELIVERY, Severity.MEDIUM, "Jane Doe was told once her order had shipped", "overstated");
    /** As the command side's event store reads: a complaint's text opened, a contact's left sealed. */
    private final ObjectMapper commandStore = LedgerJson.newEventMapper(keys,
            PersonalDataModule.FreeText.COMPLAINTS_OPENED);

    @Test
    void whatAComplaintSaysIsStoredSealedWithTheComplaintsKeyAndEverythingElseAsBefore() throws Exception {
        ObjectMapper plain = LedgerJson.newMapper();
        ComplaintResolved large = new ComplaintResolved(COMPLAINT, RELATIONSHIP, "paid Jane in full",
                Money.of("999999999999.9999", "EUR"), null);
        for (Object event : List.of(FILED, ACKNOWLEDGED, RESOLVED, DETAILS, large)) {
            String stored = events.writeValueAsString(event);
            assertThat(stored).as(event.getClass().getSimpleName()).doesNotContain("Jane");

            ObjectNode json = (ObjectNode) events.readTree(stored);
            ObjectNode asBefore = (ObjectNode) plain.readTree(plain.writeValueAsString(event));
            List<String> fields = new java.util.ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            List<String> fieldsBefore = new java.util.ArrayList<>();
            asBefore.fieldNames().forEachRemaining(fieldsBefore::add);
            assertThat(fields).as("same fields, same order").isEqualTo(fieldsBefore);
            for (String field : fields) {
                if (json.get(field).isObject() && json.get(field).has("sealed")) {
                    assertThat(json.get(field).path("cipher").asText()).isEqualTo("AES-256-GCM");
                } else {
                    assertThat(json.get(field)).as(field).isEqualTo(asBefore.get(field));
                }
            }
            assertThat(events.readValue(stored, event.getClass())).isEqualTo(event);
            assertThat(commandStore.readValue(stored, event.getClass())).isEqualTo(event);
        }
        assertThat(keys.keys).containsOnlyKeys(COMPLAINT_KEY);
    }

    @Test
    void anAcknowledgementWithoutANoteNeedsNoKeyAndReasonsStayInClearText() throws Exception {
        String stored = events.writeValueAsString(new ComplaintAcknowledged(COMPLAINT, RELATIONSHIP, null));
        String escalated = events.writeValueAsString(new ComplaintEscalated(COMPLAINT, RELATIONSHIP,
                UserName.of("maria"), "Jane threatens to leave"));

        assertThat(events.readTree(stored).path("note").isNull()).isTrue();
        assertThat(store.readValue(stored, ComplaintAcknowledged.class).note()).isNull();
        assertThat(escalated).contains("Jane threatens to leave");
        assertThat(keys.keys).isEmpty();

        ComplaintResolved bare = new ComplaintResolved(COMPLAINT, RELATIONSHIP, "done", null, null);
        assertThat(store.readValue(events.writeValueAsString(bare), ComplaintResolved.class)).as("no compensation")
                .isEqualTo(new ComplaintResolved(COMPLAINT, RELATIONSHIP, PersonalDataModule.NOT_OPENED, null, null));
    }

    @Test
    void theQuerySidesStoreLeavesAComplaintsTextSealedTheCommandSidesOpensIt() throws Exception {
        String filed = events.writeValueAsString(FILED);
        String contact = events.writeValueAsString(CONTACT_LOGGED);
        keys.reads.set(0);

        ComplaintFiled projected = store.readValue(filed, ComplaintFiled.class);
        assertThat(projected.description()).isSameAs(PersonalDataModule.NOT_OPENED);
        assertThat(projected.severity()).isEqualTo(Severity.HIGH);
        assertThat(projected.receivedAt()).isEqualTo(FILED.receivedAt());
        assertThat(keys.reads).as("no key read").hasValue(0);
        assertThat(store.writeValueAsString(projected)).as("written again: the placeholder, nothing sealed as said")
                .doesNotContain("cipher").contains("[sealed]");

        assertThat(commandStore.readValue(filed, ComplaintFiled.class)).isEqualTo(FILED);
        assertThat(commandStore.readValue(contact, ContactLogged.class).summary())
                .isSameAs(PersonalDataModule.NOT_OPENED);
    }

    @Test
    void onceTheComplaintsKeyIsDestroyedItsTextReadsAsErasedAndNothingElseChanges() throws Exception {
        String filed = events.writeValueAsString(FILED);
        String resolved = events.writeValueAsString(RESOLVED);
        String contact = events.writeValueAsString(CONTACT_LOGGED);
        keys.destroy(COMPLAINT_KEY);

        assertThat(events.readValue(filed, ComplaintFiled.class))
                .isEqualTo(new ComplaintFiled(COMPLAINT, RELATIONSHIP, ComplaintCategory.SERVICE, Severity.HIGH,
                        "[erased]", FILED.receivedAt()));
        assertThat(commandStore.readValue(resolved, ComplaintResolved.class))
                .isEqualTo(new ComplaintResolved(COMPLAINT, RELATIONSHIP, "[erased]", RESOLVED.compensation(),
                        Satisfaction.SATISFIED));
        assertThat(events.readValue(contact, ContactLogged.class)).as("the contact's own key").isEqualTo(CONTACT_LOGGED);
        assertThatThrownBy(() -> events.writeValueAsString(DETAILS)).as("nothing is sealed with it again")
                .hasRootCauseInstanceOf(PersonalDataErased.class);
    }

    @Test
    void aComplaintsTextRecordedInClearTextReadsAsItIsUntilErased() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/approved-events/ComplaintFiled.json")) {
            String clear = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            ComplaintFiled asRecorded = LedgerJson.newMapper().readValue(clear, ComplaintFiled.class);

            assertThat(events.readValue(clear, ComplaintFiled.class)).isEqualTo(asRecorded);
            assertThat(store.readValue(clear, ComplaintFiled.class).description())
                    .isSameAs(PersonalDataModule.NOT_OPENED);

            keys.destroy(new KeyHolder.Complaint(asRecorded.relationshipId(), asRecorded.complaintId()));
            assertThat(events.readValue(clear, ComplaintFiled.class).description()).isEqualTo("[erased]");
        }
    }

    @Test
    void aComplaintsSealedDescriptionDoesNotOpenAsAnotherComplaintsOrAsItsResolution() throws Exception {
        ObjectNode filed = (ObjectNode) events.readTree(events.writeValueAsString(FILED));
        ObjectNode resolved = (ObjectNode) events.readTree(events.writeValueAsString(RESOLVED));
        resolved.set("resolution", filed.get("description"));
        assertThatThrownBy(() -> events.treeToValue(resolved, ComplaintResolved.class))
                .hasStackTraceContaining("does not open with its key");

        ComplaintId other = ComplaintId.of("9c8d7e6f-5a4b-4c3d-8e2f-1a2b3c4d5e6f");
        ObjectNode otherFiled = (ObjectNode) events.readTree(events.writeValueAsString(new ComplaintFiled(other,
                RELATIONSHIP, ComplaintCategory.SERVICE, Severity.LOW, "another one", FILED.receivedAt())));
        otherFiled.set("description", filed.get("description"));
        assertThatThrownBy(() -> events.treeToValue(otherFiled, ComplaintFiled.class))
                .hasStackTraceContaining("does not open with its key");
    }
}
