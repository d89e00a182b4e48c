package dev.relationshipledger.command.chain.proof;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extends the chain over committed events in global-position order. Appends never wait for it: it runs after the
 * fact, one round per call, in the caller's transaction.
 *
 * <p><b>One linker at a time.</b> A round first takes the transaction-scoped advisory lock {@link #LOCK_KEY}
 * ({@code pg_try_advisory_xact_lock}); a node that does not get it skips the round, so with several command nodes
 * exactly one links at any moment, and the lock is released by the commit (no pooled connection keeps it).
 *
 * <p><b>Gaps.</b> Positions come from a sequence and appends commit concurrently, so a missing position is either a
 * rolled-back append (gone for good) or a transaction that has not committed yet. The linker reads no further than
 * the event store's read horizon ({@code event_store.read_horizon()}, decision 0007): below it nothing can still
 * commit, so every gap it meets is final. It still waits {@code gapGrace} before linking past a gap: that only
 * delays the chain after a rolled-back append, and should a writer ever bypass the horizon (a superuser with
 * triggers disabled), its late event is left outside the chain and verification reports it as unchained, never
 * silently accepted (docs/decisions/0006-hash-chain.md).
 */
public final class ChainLinker {

    /** The advisory lock key of the chainer ("LedgerCh" in ASCII). */
    public static final long LOCK_KEY = 0x4c65646765724368L;
    public static final String CHAIN_TABLE = "event_store.event_chain";

    private final Duration gapGrace;
    private final int batchSize;
    private final Clock clock;
    /** Start of a gap → when this linker first saw it. */
    private final Map<Long, Instant> gapsSeen = new HashMap<>();

    public ChainLinker(Duration gapGrace, int batchSize, Clock clock) {
        if (gapGrace.isNegative() || batchSize < 1) {
            throw new IllegalArgumentException("gap grace must be >= 0 and batch size >= 1");
        }
        this.gapGrace = gapGrace;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /**
     * What a round did.
     *
     * @param lockHeld    false when another linker holds the lock (nothing was done)
     * @param linked      events linked in this round
     * @param head        the chain's head after the round (null when the chain is still empty)
     * @param waitingAt   first position of a gap the round stopped at, still inside its grace period (or null)
     * @param full        true when the round stopped because it linked a whole batch: call again to catch up
     */
    public record Round(boolean lockHeld, int linked, Head head, Long waitingAt, boolean full) {
    }

    /** The last link of the chain. */
    public record Head(long position, byte[] link) {
    }

    /** Links the next batch of committed events; the caller commits (which also releases the lock). */
    public synchronized Round linkRound(Connection c) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalStateException("a linking round runs inside the caller's transaction (autocommit off)");
        }
        if (!tryLock(c)) {
            return new Round(false, 0, null, null, false);
        }
        Head head = head(c);
        long expected = head == null ? 1 : head.position() + 1;
        byte[] previous = head == null ? ChainHash.genesis() : head.link();
        long firstExpected = expected;
        gapsSeen.keySet().removeIf(start -> start < firstExpected);

        List<StoredEvent> events = eventsAfter(c, head == null ? 0 : head.position(), batchSize);
        List<Object[]> rows = new ArrayList<>();
        Long waitingAt = null;
        Instant now = clock.instant();
        for (StoredEvent event : events) {
            if (event.position() > expected) {
                Instant seen = gapsSeen.computeIfAbsent(expected, start -> now);
                if (Duration.between(seen, now).compareTo(gapGrace) < 0) {
                    waitingAt = expected;
                    break;
                }
                gapsSeen.remove(expected);
            }
            byte[] link = ChainHash.link(event, previous);
            rows.add(new Object[]{event.position(), event.eventIdentifier(), link, previous});
            previous = link;
            expected = event.position() + 1;
            head = new Head(event.position(), link);
        }
        insert(c, rows);
        return new Round(true, rows.size(), head, waitingAt, waitingAt == null && events.size() == batchSize);
    }

    public static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public static Head head(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT position, link FROM " + CHAIN_TABLE + " ORDER BY position DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getBytes(2)) : null;
        }
    }

    /**
     * Events after {@code position}, up to the read horizon asked for first, in a statement of its own: the caller's
     * transaction runs READ COMMITTED, so the read's snapshot is taken after the answer.
     */
    static List<StoredEvent> eventsAfter(Connection c, long position, int limit) throws SQLException {
        long horizon;
        try (PreparedStatement s = c.prepareStatement("SELECT event_store.read_horizon()");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            horizon = rs.getLong(1);
        }
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM " + StoredEvent.TABLE
                + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index LIMIT ?")) {
            s.setLong(1, position);
            s.setLong(2, horizon);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(StoredEvent.read(rs));
                }
            }
        }
        return events;
    }

    private static void insert(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + CHAIN_TABLE
                + " (position, event_identifier, link, previous_link) VALUES (?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                s.setLong(1, (Long) row[0]);
                s.setString(2, (String) row[1]);
                s.setBytes(3, (byte[]) row[2]);
                s.setBytes(4, (byte[]) row[3]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
