package dev.relationshipledger.deploy.seed;

import dev.relationshipledger.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The same random seed generates the same rows, byte for byte; another seed generates others. */
class SeedDeterminismTest {

    static final String DIGEST = """
            SELECT md5(string_agg(concat_ws('|', aggregate_identifier, sequence_number, payload_type,
                       encode(payload, 'hex'), encode(meta_data, 'hex'), time_stamp, event_identifier),
                   E'\\n' ORDER BY global_index)), count(*)
            FROM event_store.domain_event_entry""";

    @Test
    void theSameSeedGivesIdenticalRowsAndAnotherSeedOthers() throws SQLException {
        String first = generate(7);
        String again = generate(7);
        String other = generate(8);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    /** A fresh event store (the command side's migrations), 60 relationships of seed {@code random}; its digest. */
    private static String generate(long random) throws SQLException {
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
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(DIGEST)) {
                rs.next();
                assertThat(rs.getLong(2)).isEqualTo(generated.events());
                return rs.getString(1);
            }
        }
    }
}
