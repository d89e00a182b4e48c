package dev.relationshipledger.deploy.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic population for benchmarks and demos ({@code --seed N}): relationships of every counterparty kind
 * and tier, each opened by rita, with a Zipf-skewed number of logged contacts (rank 1 gets thousands, the long tail
 * a handful). Events are written straight into the event store in exactly the JSON the command side writes (see
 * shared-kernel's approved-events), and the command side's relationship directory gets its rows too, because it is
 * a subscribing projection that direct inserts bypass. The query side then projects them like any other events.
 *
 * <p>Not yet generated (documented in docs/measurements.md): complaints, negotiations, contracts, corrections.
 */
public final class DataGenerator {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final String META = "{\"actor\":\"rita\",\"actorRoles\":\"RELATIONSHIP_MANAGER\",\"correlationId\":\"bench\",\"causationId\":\"bench\"}";
    private static final String[] KINDS = {"CUSTOMER", "SUPPLIER", "PARTNER", "INTERNAL_UNIT", "COMMUNITY"};
    private static final String[] TIERS = {"STRATEGIC", "KEY", "STANDARD", "STANDARD", "OCCASIONAL"};
    private static final String[] CHANNELS = {"CALL", "MEETING", "EMAIL", "SITE_VISIT", "EVENT"};
    private static final String[] SENTIMENTS = {"POSITIVE", "NEUTRAL", "NEUTRAL", "NEGATIVE"};
    static final String INSERT = """
            INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                type, time_stamp, payload_type, payload_revision, payload, meta_data)
            VALUES (?, ?, ?, 'Relationship', ?, ?, NULL, convert_to(?, 'UTF8'), convert_to(?, 'UTF8'))""";

    private final long seed;
    private final SplittableRandom random;

    public DataGenerator(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Relationship ids by Zipf rank (index 0 is the hottest). */
    public record Population(List<String> ids, long[] nextSequence, long events) {
    }

    /**
     * Opens {@code relationships} relationships; rank r (1-based) gets {@code floor(maxContacts / r)} contacts, so the
     * hottest has {@code maxContacts} events and the tail none.
     */
    public Population seed(Connection c, int relationships, int maxContacts) throws SQLException {
        List<String> ids = new ArrayList<>(relationships);
        long[] next = new long[relationships];
        long events = 0;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement(INSERT);
             PreparedStatement dir = c.prepareStatement(
                     "INSERT INTO event_store.relationship_directory (relationship_id, owner) VALUES (?::uuid, 'rita')")) {
            int pending = 0;
            for (int r = 0; r < relationships; r++) {
                String id = uuid("relationship", r).toString();
                ids.add(id);
                dir.setString(1, id);
                dir.addBatch();
                Instant at = START.plusSeconds(r * 60L);
                add(s, id, 0, at, "dev.relationshipledger.kernel.relationship.RelationshipOpened", opened(id, r));
                events++;
                int contacts = maxContacts / (r + 1);
                for (int i = 1; i <= contacts; i++) {
                    Instant when = at.plusSeconds(i * 600L);
                    add(s, id, i, when, "dev.relationshipledger.kernel.relationship.ContactLogged",
                            contact(id, uuid("contact-" + r, i), when));
                    events++;
                    if (++pending % 2000 == 0) {
                        s.executeBatch();
                    }
                }
                next[r] = contacts + 1L;
                if (++pending % 2000 == 0) {
                    s.executeBatch();
                }
                if (r % 1000 == 999) {
                    s.executeBatch();
                    dir.executeBatch();
                    c.commit();
                }
            }
            s.executeBatch();
            dir.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return new Population(ids, next, events);
    }

    /** Bulk volume for the rebuild benchmark: {@code relationships} new relationships of {@code perRelationship} events. */
    public long bulk(Connection c, String prefix, int relationships, int perRelationship) throws SQLException {
        long events = 0;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement(INSERT);
             PreparedStatement dir = c.prepareStatement(
                     "INSERT INTO event_store.relationship_directory (relationship_id, owner) VALUES (?::uuid, 'rita')")) {
            for (int r = 0; r < relationships; r++) {
                String id = uuid(prefix, r).toString();
                dir.setString(1, id);
                dir.addBatch();
                Instant at = START.plusSeconds(r * 60L);
                add(s, id, 0, at, "dev.relationshipledger.kernel.relationship.RelationshipOpened", opened(id, r));
                for (int i = 1; i < perRelationship; i++) {
                    Instant when = at.plusSeconds(i * 600L);
                    add(s, id, i, when, "dev.relationshipledger.kernel.relationship.ContactLogged",
                            contact(id, uuid(prefix + "-contact-" + r, i), when));
                }
                events += perRelationship;
                s.executeBatch();
                if (r % 20 == 19) {
                    dir.executeBatch();
                    c.commit();
                }
            }
            dir.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return events;
    }

    private static void add(PreparedStatement s, String id, long sequence, Instant at, String type, String payload)
            throws SQLException {
        s.setString(1, UUID.randomUUID().toString());
        s.setString(2, id);
        s.setLong(3, sequence);
        s.setString(4, at.toString());
        s.setString(5, type);
        s.setString(6, payload);
        s.setString(7, META);
        s.addBatch();
    }

    private String opened(String id, int r) {
        String kind = KINDS[random.nextInt(KINDS.length)];
        String tier = TIERS[random.nextInt(TIERS.length)];
        String segment = random.nextInt(3) == 0 ? "null" : "\"segment " + random.nextInt(12) + "\"";
        return "{\"relationshipId\":\"" + id + "\",\"counterparty\":{\"name\":\"Counterparty " + seed + "-" + r
                + "\",\"kind\":\"" + kind + "\",\"segment\":" + segment + "},\"owner\":\"rita\",\"tier\":\"" + tier + "\"}";
    }

    String contact(String id, UUID contactId, Instant occurredAt) {
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        String sentiment = SENTIMENTS[random.nextInt(SENTIMENTS.length)];
        String followUps = random.nextInt(4) == 0 ? "[\"send minutes\"]" : "[]";
        return "{\"relationshipId\":\"" + id + "\",\"contactId\":\"" + contactId + "\",\"channel\":\"" + channel
                + "\",\"participants\":[\"Jane Doe\"],\"summary\":\"Contact about topic " + random.nextInt(100)
                + "\",\"sentiment\":\"" + sentiment + "\",\"followUps\":" + followUps + ",\"occurredAt\":\""
                + occurredAt + "\"}";
    }

    /** A deterministic version-4-shaped UUID for the seed, a name and a number. */
    UUID uuid(String name, long n) {
        SplittableRandom r = new SplittableRandom(seed * 31 + name.hashCode() * 1_000_003L + n);
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
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
