package dev.relationshipledger.deploy.seed;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntUnaryOperator;

/**
 * Generates a population of relationships with full histories straight into the event store (batched JDBC), for
 * benchmarks ({@code LedgerBenchmark}), demos and BI ({@code --seed N}). Deterministic: the same seed and arguments
 * give byte-identical payloads, metadata, identifiers and timestamps (nothing reads the clock or a random UUID).
 * The query side then projects the events like any others; the hash chain links them like any others.
 */
public final class Population {

    /**
     * How varied the histories are. The benchmark's population keeps every relationship open and owned by rita
     * (its load logs contacts as rita on any of them) and has a little less besides contacts.
     *
     * @param ownersVary owners rita or ralf, reassignments by maria, delegations
     * @param someClose  about one relationship in twenty ends closed
     * @param fewer      at most two complaints and two negotiations per relationship instead of three
     */
    public record Mix(boolean ownersVary, boolean someClose, boolean fewer) {
        public static final Mix DEMO = new Mix(true, true, false);
        public static final Mix BENCH = new Mix(false, false, true);
    }

    /** A relationship_directory row as the command side's JdbcRelationshipDirectory would have left it. */
    public record DirectoryRow(UUID relationshipId, String owner, List<String> delegates, boolean closed) {
    }

    /**
     * What was generated.
     *
     * @param relationshipIds in generation order (for the benchmark: by Zipf rank, hottest first)
     * @param events          events appended
     * @param eventsByType    events per event type (simple class name), sorted by name
     */
    public record Generated(List<String> relationshipIds, long events, Map<String, Long> eventsByType) {
    }

    private final SeedIds ids;

    public Population(long seed) {
        this.ids = new SeedIds(seed);
    }

    /**
     * Relationships numbered 0 .. {@code relationships - 1}, ids {@code uuid(prefix, r)}. Relationship r logs
     * {@code contacts.applyAsInt(r)} contacts; with {@code budget} > 0 each history holds about {@code budget}
     * events instead, contacts filling what the other strands leave.
     */
    public Generated generate(Connection connection, String prefix, int relationships, Mix mix,
                              IntUnaryOperator contacts, int budget) throws SQLException {
        List<String> generated = new ArrayList<>(relationships);
        try (EventWriter writer = new EventWriter(connection, ids, prefix)) {
            for (int r = 0; r < relationships; r++) {
                RelationshipHistory history = new RelationshipHistory(ids, prefix, r, mix, writer::append);
                history.record(budget > 0 ? 0 : contacts.applyAsInt(r), budget);
                writer.directories(history);
                generated.add(history.id.toString());
                writer.commitIfLarge();
            }
            writer.commit();
            return new Generated(generated, writer.written(), Collections.unmodifiableMap(new TreeMap<>(writer.counts())));
        }
    }

    /** The id of relationship {@code r} of the population named {@code prefix}. */
    public UUID relationshipId(String prefix, int r) {
        return ids.uuid(prefix, r);
    }

    /** Contacts of a demo relationship: a few for most, dozens for a handful (Zipf-like by number). */
    public static int demoContacts(int r) {
        return 3 + 60 / (r + 1) + (r * 7) % 9;
    }
}
