package dev.relationshipledger.command.relationship;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.json.LedgerJson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LoggedContactsTest {

    @Test
    void answersExactlyAsASetOfIdsWouldThroughManyGrowths() {
        Random random = new Random(7);
        LoggedContacts contacts = new LoggedContacts();
        Set<ContactId> expected = new HashSet<>();
        List<ContactId> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // time-ordered ids (close high halves), random ones, and the nil id, each also added twice
            ContactId id = switch (i % 3) {
                case 0 -> new ContactId(new UUID(0x0190_0000_0000_7000L + i, random.nextLong()));
                case 1 -> ContactId.generate();
                default -> ids.isEmpty() || i % 300 == 2 ? new ContactId(new UUID(0, 0)) : ids.get(random.nextInt(ids.size()));
            };
            contacts.add(id);
            expected.add(id);
            ids.add(id);
        }
        assertThat(contacts.size()).isEqualTo(expected.size());
        assertThat(ids.stream().filter(contacts::contains).count()).isEqualTo(ids.size());
        List<ContactId> others = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            others.add(ContactId.generate());
        }
        assertThat(others.stream().filter(contacts::contains).toList()).isEqualTo(others.stream().filter(expected::contains).toList());
        assertThat(contacts.ids()).hasSize(expected.size());
        assertThat(new HashSet<>(contacts.ids())).isEqualTo(new HashSet<>(expected.stream().map(ContactId::toString).toList()));
    }

    @Test
    void isInASnapshotTheArrayOfIdsASetOfContactIdsWas() throws Exception {
        var json = LedgerJson.newMapper();
        Set<ContactId> before = Set.of(ContactId.generate(), ContactId.generate(), new ContactId(new UUID(0, 0)));
        String stored = json.writeValueAsString(before);

        LoggedContacts read = json.readValue(stored, LoggedContacts.class);
        assertThat(read.size()).isEqualTo(3);
        before.forEach(id -> assertThat(read.contains(id)).isTrue());
        assertThat(json.readValue(json.writeValueAsString(read), LoggedContacts.class).ids())
                .containsExactlyInAnyOrderElementsOf(read.ids());
    }
}
