package dev.relationshipledger.command.store;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** New events get version 7 UUIDs, which sort by their time of creation, as strings too (the index's order). */
class TimeOrderedIdentifiersTest extends CommandSideTest {

    static final String CONTACT = "{\"channel\":\"CALL\",\"summary\":\"s\",\"occurredAt\":\"2026-01-05T09:00:00Z\"}";

    @Test
    void version7WithTheTimeInItsFirst48Bits() {
        long now = 1_764_547_200_123L;
        UUID id = TimeOrderedIdentifiers.at(now);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnesAsUuidsAndAsStrings() {
        UUID earlier = TimeOrderedIdentifiers.at(1_764_547_200_123L);
        UUID later = TimeOrderedIdentifiers.at(1_764_547_200_124L);
        for (int i = 0; i < 1_000; i++) {
            assertThat(later).isGreaterThan(earlier);
            assertThat(later.toString()).isGreaterThan(earlier.toString());
            earlier = TimeOrderedIdentifiers.at(1_764_547_200_123L);
        }
    }

    @Test
    void identifiersOfOneMillisecondDifferInTheirRandomBits() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(TimeOrderedIdentifiers.at(1_764_547_200_123L));
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void axonGivesEveryStoredEventOne() throws Exception {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifiers.class);
        String id = http().post(TestUsers.RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Ordered Ids Ltd\",\"kind\":\"PARTNER\"}}").text("aggregateId");
        assertThat(UUID.fromString(id).version()).as("an id the server chose").isEqualTo(7);
        for (int i = 0; i < 5; i++) {
            int status = http().post(TestUsers.RITA, "/relationships/" + id + "/contacts", CONTACT).status();
            assertThat(status).isEqualTo(201);
            Thread.sleep(2);
        }
        List<String> stored = eventIdentifiers(id);
        assertThat(stored).hasSize(6);
        assertThat(stored).allSatisfy(e -> assertThat(UUID.fromString(e).version()).isEqualTo(7));
        assertThat(stored).as("appended in time order, so in index order").isSorted();
    }

    private List<String> eventIdentifiers(String aggregateId) throws Exception {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database);
             PreparedStatement s = c.prepareStatement("SELECT event_identifier FROM event_store.domain_event_entry "
                     + "WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            s.setString(1, aggregateId);
            List<String> identifiers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    identifiers.add(rs.getString(1));
                }
            }
            return identifiers;
        }
    }
}
