package dev.relationshipledger.query.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * A projection that can be rebuilt without downtime (decision 0009): it folds the events a rebuild reads into
 * shadow copies of its tables, with the code its live projection uses, and the rebuild then replaces the live rows
 * by the shadow rows. Each projection's package contributes its own.
 */
public interface RebuildTarget {

    /** The projection's name, as its processing group and in {@code /admin/rebuilds/{name}}. */
    String projection();

    /**
     * Its live tables in {@code read_model}, each table before the tables whose keys point at it. Each has a shadow
     * copy with the same columns named {@code <table>_next}.
     */
    List<String> tables();

    /**
     * A pass over events in position order, writing into the shadow tables through {@code through}: the bulk pass
     * over the pool, from empty shadow tables ({@code fromEmpty}), or the catch-up inside the switching transaction.
     */
    Pass pass(JdbcTemplate through, boolean fromEmpty);

    interface Pass {

        /** Folds the next events, in position order. */
        void fold(List<StoredEvent> events);

        /** During the bulk pass, every {@code ledger.rebuild.flush-every} events: write what memory should not hold. */
        void flushPart();

        /** Writes everything still held; the pass is over. */
        void finish();

        /** The rebuild failed: release what the pass holds (its shadow tables are emptied by the next rebuild). */
        default void abandon() {
        }
    }
}
