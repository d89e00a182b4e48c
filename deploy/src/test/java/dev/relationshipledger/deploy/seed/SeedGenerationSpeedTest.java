package dev.relationshipledger.deploy.seed;

import dev.relationshipledger.deploy.EmbeddedDatabase;
import dev.relationshipledger.deploy.bench.DataGenerator;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

/**
 * A measurement, not a check (run it on purpose: {@code -Dseed.measure=true}): generation speed for 1,000,000
 * events by the benchmark's bulk path on the launcher's embedded PostgreSQL (fsync on), and the event mix of the
 * quick benchmark population (10,000 relationships, hottest 2,000 contacts) for docs/measurements.md.
 */
@EnabledIfSystemProperty(named = "seed.measure", matches = "true")
class SeedGenerationSpeedTest {

    @Test
    void measure(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"), port)) {
            Flyway.configure()
                    .dataSource(database.jdbcUrl(), "postgres", "")
                    .schemas("event_store").defaultSchema("event_store").table("flyway_history")
                    .locations("classpath:db/migration/command-side")
                    .placeholders(Map.of("commandRole", "ledger_command", "commandPassword", ""))
                    .load().migrate();
            DataGenerator generator = new DataGenerator(42);
            try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "")) {
                long t0 = System.nanoTime();
                DataGenerator.Seeded quick = generator.seed(c, 10_000, 2_000);
                double seedSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("MEASURE quick bench population: %,d relationships, %,d events in %.1f s (%,.0f events/s)%n"
                                + "MEASURE by type: %s%n", quick.ids().size(), quick.events(), seedSeconds,
                        quick.events() / seedSeconds, quick.eventsByType());
                long t1 = System.nanoTime();
                long bulk = generator.bulk(c, "bulk", 10_000, 100);
                double bulkSeconds = (System.nanoTime() - t1) / 1e9;
                System.out.printf("MEASURE bulk: %,d events in %.1f s = %,.0f events/s%n", bulk, bulkSeconds,
                        bulk / bulkSeconds);
            }
        }
    }
}
