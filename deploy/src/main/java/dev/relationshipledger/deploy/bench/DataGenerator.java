package dev.relationshipledger.deploy.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.deploy.seed.Population;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.Sentiment;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The benchmark's data: a {@link Population} of full relationship histories (contacts, complaints, negotiations,
 * contracts, corrections; see docs/measurements.md for the mix), written by batched JDBC. The seeded population
 * keeps the Zipf skew of contacts (rank r logs maxContacts / r) and keeps every relationship open and owned by rita,
 * because the load sends LogContact as rita to Zipf-chosen relationships.
 */
public final class DataGenerator {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** Metadata of the raw-insert baseline rows (S0); generated events carry their own. */
    static final String META = "{\"actor\":\"rita\",\"actorRoles\":\"RELATIONSHIP_MANAGER\",\"correlationId\":\"bench\",\"causationId\":\"bench\"}";
    /** The raw-insert baseline's statement (S0), payload and metadata as text. */
    static final String INSERT = """
            INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                type, time_stamp, payload_type, payload_revision, payload, meta_data)
            VALUES (?, ?, ?, 'Relationship', ?, ?, NULL, convert_to(?, 'UTF8'), convert_to(?, 'UTF8'))""";
    private static final ObjectMapper JSON = LedgerJson.newMapper();

    private final Population population;
    private final SplittableRandom random;

    public DataGenerator(long seed) {
        this.population = new Population(seed);
        this.random = new SplittableRandom(seed);
    }

    /**
     * Relationship ids by Zipf rank (index 0 is the hottest), the events appended and their count per type.
     */
    public record Seeded(List<String> ids, long events, Map<String, Long> eventsByType) {
    }

    /**
     * Opens {@code relationships} relationships with full histories; rank r (1-based) logs
     * {@code floor(maxContacts / r)} contacts, so the hottest has {@code maxContacts} contacts and the tail none.
     */
    public Seeded seed(Connection c, int relationships, int maxContacts) throws SQLException {
        Population.Generated generated = population.generate(c, "relationship", relationships, Population.Mix.BENCH,
                r -> maxContacts / (r + 1), 0);
        return new Seeded(generated.relationshipIds(), generated.events(), generated.eventsByType());
    }

    /**
     * Bulk volume for the rebuild and growth benchmarks: {@code relationships} new relationships with full
     * histories of about {@code perRelationship} events each (contacts fill what the rest leaves); answers how
     * many events it appended. Relationship r's id is {@code uuid(prefix, r)}.
     */
    public long bulk(Connection c, String prefix, int relationships, int perRelationship) throws SQLException {
        return population.generate(c, prefix, relationships, Population.Mix.DEMO, r -> 0, perRelationship).events();
    }

    /** A ContactLogged payload as the event store holds it, for the raw-insert baseline. */
    String contact(String id, UUID contactId, Instant occurredAt) {
        try {
            return JSON.writeValueAsString(new ContactLogged(RelationshipId.of(id), new ContactId(contactId),
                    ContactChannel.CALL, List.of("Jane Doe"), "Contact about topic " + random.nextInt(100),
                    Sentiment.NEUTRAL, List.of(), occurredAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deterministic id {@link #bulk} gives relationship {@code n} of population {@code name}. */
    UUID uuid(String name, long n) {
        return population.relationshipId(name, Math.toIntExact(n));
    }

    /** Samples Zipf ranks (0-based, 0 the most frequent) with exponent {@code s}. */
    public static final class Zipf {
        private final double[] cdf;

        public Zipf(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1.0 / Math.pow(i + 1, s);
                cdf[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= sum;
            }
        }

        public int next(SplittableRandom random) {
            int i = Arrays.binarySearch(cdf, random.nextDouble());
            return Math.min(i < 0 ? -i - 1 : i, cdf.length - 1);
        }
    }
}
