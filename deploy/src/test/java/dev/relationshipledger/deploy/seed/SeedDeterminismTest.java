package dev.relationshipledger.deploy.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same random seed generates the same rows, byte for byte, but for the sealed values (random keys and nonces):
 * a person's details and what was said at a contact (decisions 0019, 0021), which open to the same values; another
 * seed generates others.
 */
class SeedDeterminismTest {

    /** The events that hold sealed values. */
    static final List<Class<?>> SEALED = List.of(CounterpartyPersonAdded.class, ContactLogged.class,
            ContactSummaryCorrected.class, ComplaintFiled.class, ComplaintDetailsCorrected.class,
            ComplaintAcknowledged.class, ComplaintResolved.class);

    static final String DIGEST = """
            SELECT md5(string_agg(concat_ws('|', aggregate_identifier, sequence_number, payload_type,
                       CASE WHEN payload_type IN (%s) THEN 'sealed' ELSE encode(payload, 'hex') END,
                       encode(meta_data, 'hex'), time_stamp, event_identifier),
                   E'\\n' ORDER BY global_index)), count(*)
            FROM event_store.domain_event_entry""".formatted(SEALED.stream().map(t -> "'" + t.getName() + "'")
            .collect(java.util.stream.Collectors.joining(", ")));

    @Test
    void theSameSeedGivesIdenticalRowsAndAnotherSeedOthers() throws Exception {
        String first = generate(7);
        String again = generate(7);
        String other = generate(8);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    /** A fresh event store (the command side's migrations), 60 relationships of seed {@code random}; its digest. */
    private static String generate(long random) throws Exception {
        String url = TestPostgres.freshDatabase("seed_determinism");
        Flyway.configure()
                .dataSource(url, TestPostgres.SUPERUSER, "")
                .schemas("event_store").defaultSchema("event_store").table("flyway_history")
                .locations("classpath:db/migration/command-side")
                .placeholders(java.util.Map.of("commandRole", "ledger_command", "commandPassword", ""))
                .load().migrate();
        try (Connection c = TestPostgres.superuserConnection(url.substring(url.lastIndexOf('/') + 1))) {
            Population.Generated generated = new Population(random).generate(c, Seeding.PREFIX, 60,
                    Population.Mix.DEMO, Population::demoContacts, 0);
            assertThat(generated.events()).isPositive();
            StringBuilder digest = new StringBuilder();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(DIGEST)) {
                rs.next();
                assertThat(rs.getLong(2)).isEqualTo(generated.events());
                digest.append(rs.getString(1));
            }
            ObjectMapper events = LedgerJson.newEventMapper(KeyTable.on(c));
            java.util.Map<Class<?>, Integer> sealed = new java.util.HashMap<>();
            for (Class<?> type : SEALED) {
                try (var s = c.prepareStatement("SELECT payload FROM event_store.domain_event_entry "
                        + "WHERE payload_type = ? ORDER BY global_index")) {
                    s.setString(1, type.getName());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            String stored = new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
                            assertThat(stored.contains("AES-256-GCM") || stored.contains("\"note\":null"))
                                    .as("sealed, or no text (an acknowledgement without a note): " + stored).isTrue();
                            digest.append('\n').append(events.readValue(stored, type));
                            sealed.merge(type, 1, Integer::sum);
                        }
                    }
                }
            }
            assertThat(sealed).as("the demo mix records people, contacts and complaints")
                    .containsKeys(CounterpartyPersonAdded.class, ContactLogged.class, ComplaintFiled.class,
                            ComplaintResolved.class);
            return digest.toString();
        }
    }
}
