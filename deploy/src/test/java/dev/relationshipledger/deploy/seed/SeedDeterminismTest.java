package dev.relationshipledger.deploy.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same random seed generates the same rows, byte for byte, but for a person's sealed details (random keys and
 * nonces, decision 0019), which open to the same values; another seed generates others.
 */
class SeedDeterminismTest {

    static final String DIGEST = """
            SELECT md5(string_agg(concat_ws('|', aggregate_identifier, sequence_number, payload_type,
                       CASE WHEN payload_type = 'dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded'
                            THEN 'sealed' ELSE encode(payload, 'hex') END,
                       encode(meta_data, 'hex'), time_stamp, event_identifier),
                   E'\\n' ORDER BY global_index)), count(*)
            FROM event_store.domain_event_entry""";

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
            int people = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT payload FROM "
                    + "event_store.domain_event_entry WHERE payload_type LIKE '%.CounterpartyPersonAdded' ORDER BY global_index")) {
                while (rs.next()) {
                    String stored = new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(stored).as("sealed").contains("AES-256-GCM");
                    digest.append('\n').append(events.readValue(stored, CounterpartyPersonAdded.class));
                    people++;
                }
            }
            assertThat(people).as("the demo mix records people").isPositive();
            return digest.toString();
        }
    }
}
