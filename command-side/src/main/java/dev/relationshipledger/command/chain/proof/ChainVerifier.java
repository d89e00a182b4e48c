package dev.relationshipledger.command.chain.proof;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recomputes the chain from the events as they are stored now and compares it with the stored links and with
 * signed checkpoints, reporting the first position that does not match. Reads one consistent snapshot (repeatable
 * read) and streams the rows, so it runs beside a live ledger.
 *
 * <p>What it detects, and where it points:
 * <ul>
 *   <li>an event whose bytes changed (payload, metadata, type, time, ids): its position;</li>
 *   <li>an event deleted: its position (the chain still names it);</li>
 *   <li>events swapped or renumbered: the first position whose event is not the one the chain recorded;</li>
 *   <li>an event inserted at a position the chain had passed: its position;</li>
 *   <li>chain rows rewritten together with the events: the first signed checkpoint that no longer matches;</li>
 *   <li>a truncated tail or an older backup restored (events, chain and checkpoints alike): the first position after
 *       the end of what is left, against a signed checkpoint that covers more (one kept outside the database).</li>
 * </ul>
 * Events after the chain's head are not yet linked: they are counted ({@code unchainedTail}), not judged.
 */
public final class ChainVerifier {

    /** What to check. {@code trustedKey} null: checkpoints are not checked (the report says so). */
    public record Options(Long from, Long to, PublicKey trustedKey, List<Checkpoint> externalCheckpoints,
                          boolean useStoredCheckpoints) {
        public Options {
            externalCheckpoints = externalCheckpoints == null ? List.of() : List.copyOf(externalCheckpoints);
        }

        public static Options whole(PublicKey trustedKey) {
            return new Options(null, null, trustedKey, List.of(), true);
        }
    }

    public record Mismatch(long position, String problem) {
    }

    /**
     * The outcome. {@code checkedTo} is the last position examined; {@code checkpointsVerified} counts signed
     * checkpoints whose head link the recomputed chain reproduced.
     */
    public record Report(boolean ok, long checkedFrom, long checkedTo, long eventsChecked, Mismatch firstMismatch,
                         Long chainHead, int checkpointsVerified, long unchainedTail, List<String> notes) {
    }

    private ChainVerifier() {
    }

    public static Report verify(Connection c, Options options) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            return new Run(c, options).run();
        } finally {
            c.rollback();
            c.setReadOnly(false);
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(autoCommit);
        }
    }

    private static final class Run {
        private final Connection c;
        private final Options options;
        private final List<String> notes = new ArrayList<>();
        private final List<Anchor> anchors = new ArrayList<>();
        private int nextAnchor;
        private int checkpointsVerified;
        private long eventsChecked;
        private long unchainedTail;
        private long lastLinked;
        private byte[] running;
        private long checkedTo;

        private record Anchor(Checkpoint checkpoint, String name) {
        }

        Run(Connection c, Options options) {
            this.c = c;
            this.options = options;
        }

        Report run() throws SQLException {
            long lastEvent = single("SELECT coalesce(max(global_index), 0) FROM " + StoredEvent.TABLE);
            long chainHead = single("SELECT coalesce(max(position), 0) FROM " + ChainLinker.CHAIN_TABLE);
            Mismatch badAnchor = collectAnchors();
            long from = options.from() == null ? 1 : Math.max(1, options.from());
            long maxAnchor = anchors.stream().mapToLong(a -> a.checkpoint().headPosition()).max().orElse(0);
            long to = options.to() != null ? options.to() : Math.max(Math.max(lastEvent, chainHead), maxAnchor);
            if (badAnchor != null) {
                return report(from, from - 1, badAnchor, chainHead);
            }
            anchors.removeIf(a -> a.checkpoint().headPosition() < from || a.checkpoint().headPosition() > to);
            startAt(from);
            checkedTo = from - 1;
            Mismatch mismatch = walk(from, to, chainHead);
            if (mismatch == null) {
                mismatch = anchorsUpTo(Long.MAX_VALUE);
            }
            return report(from, checkedTo, mismatch, chainHead);
        }

        private Report report(long from, long to, Mismatch mismatch, long chainHead) {
            return new Report(mismatch == null, from, Math.max(to, from - 1), eventsChecked, mismatch,
                    chainHead == 0 ? null : chainHead, checkpointsVerified, unchainedTail, List.copyOf(notes));
        }

        /** Checkpoints to hold the chain against: those whose signature the trusted key confirms. */
        private Mismatch collectAnchors() throws SQLException {
            PublicKey key = options.trustedKey();
            for (Checkpoint external : options.externalCheckpoints()) {
                if (key == null || !external.signatureValid(key)) {
                    return new Mismatch(external.headPosition(), "the checkpoint given (head " + external.headPosition()
                            + ", key " + external.keyId() + ") does not carry a valid signature of the trusted key");
                }
                anchors.add(new Anchor(external, "the signed checkpoint given (head " + external.headPosition()
                        + ", made " + external.createdAt() + ")"));
            }
            if (options.useStoredCheckpoints()) {
                List<Checkpoint> stored = Checkpoint.all(c);
                if (key == null) {
                    if (!stored.isEmpty()) {
                        notes.add("no trusted public key: " + stored.size() + " stored checkpoint(s) not checked");
                    }
                } else {
                    String trustedId = SigningKey.keyIdOf(key);
                    int otherKey = 0;
                    for (Checkpoint checkpoint : stored) {
                        if (!trustedId.equals(checkpoint.keyId())) {
                            otherKey++;
                        } else if (!checkpoint.signatureValid(key)) {
                            return new Mismatch(checkpoint.headPosition(), "stored checkpoint #" + checkpoint.id()
                                    + " (head " + checkpoint.headPosition() + ") has an invalid signature: it was forged or altered");
                        } else {
                            anchors.add(new Anchor(checkpoint, "signed checkpoint #" + checkpoint.id() + " (head "
                                    + checkpoint.headPosition() + ", made " + checkpoint.createdAt() + ")"));
                        }
                    }
                    if (otherKey > 0) {
                        notes.add(otherKey + " stored checkpoint(s) signed by another key than " + trustedId + ": not used");
                    }
                }
            }
            anchors.sort(Comparator.comparingLong(a -> a.checkpoint().headPosition()));
            return null;
        }

        private void startAt(long from) throws SQLException {
            running = ChainHash.genesis();
            lastLinked = 0;
            if (from > 1) {
                try (PreparedStatement s = c.prepareStatement("SELECT position, link FROM " + ChainLinker.CHAIN_TABLE
                        + " WHERE position < ? ORDER BY position DESC LIMIT 1")) {
                    s.setLong(1, from);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            lastLinked = rs.getLong(1);
                            running = rs.getBytes(2);
                        }
                    }
                }
            }
        }

        private Mismatch walk(long from, long to, long chainHead) throws SQLException {
            String sql = "SELECT coalesce(e.global_index, k.position) AS at, e.global_index, e.event_identifier, "
                    + "e.aggregate_identifier, e.sequence_number, e.type, e.time_stamp, e.payload_type, "
                    + "e.payload_revision, e.payload, e.meta_data, "
                    + "k.position AS chained, k.event_identifier AS chained_event, k.link, k.previous_link "
                    + "FROM (SELECT * FROM " + StoredEvent.TABLE + " WHERE global_index BETWEEN ? AND ?) e "
                    + "FULL JOIN (SELECT * FROM " + ChainLinker.CHAIN_TABLE + " WHERE position BETWEEN ? AND ?) k "
                    + "ON k.position = e.global_index ORDER BY 1";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setFetchSize(500);
                s.setLong(1, from);
                s.setLong(2, to);
                s.setLong(3, from);
                s.setLong(4, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long at = rs.getLong("at");
                        Mismatch mismatch = anchorsUpTo(at - 1);
                        if (mismatch != null) {
                            return mismatch;
                        }
                        mismatch = check(rs, at, chainHead);
                        if (mismatch != null) {
                            return mismatch;
                        }
                        checkedTo = at;
                    }
                }
            }
            return null;
        }

        private Mismatch check(ResultSet rs, long at, long chainHead) throws SQLException {
            boolean stored = rs.getObject("global_index") != null;
            boolean chained = rs.getObject("chained") != null;
            if (chained && !stored) {
                return new Mismatch(at, "event missing: the chain linked event " + rs.getString("chained_event")
                        + " at this position, and it is no longer in the event store (deleted or truncated)");
            }
            if (!chained) {
                if (at <= chainHead) {
                    return new Mismatch(at, "event " + rs.getString("event_identifier") + " is not in the chain: it was "
                            + "inserted after the chain had passed this position (forged), or committed later than the "
                            + "gap grace period");
                }
                unchainedTail++;
                return null;
            }
            StoredEvent event = StoredEvent.read(rs);
            if (!event.eventIdentifier().equals(rs.getString("chained_event"))) {
                return new Mismatch(at, "a different event sits here: the chain linked event " + rs.getString("chained_event")
                        + ", the store now holds " + event.eventIdentifier() + " (events swapped, moved or replaced)");
            }
            if (!ChainHash.same(rs.getBytes("previous_link"), running)) {
                return new Mismatch(at, "the chain is broken before this position: its recorded previous link does not "
                        + "match the link recomputed up to position " + lastLinked + " (chain rows removed or rewritten)");
            }
            byte[] link = ChainHash.link(event, running);
            if (!ChainHash.same(link, rs.getBytes("link"))) {
                return new Mismatch(at, "event " + event.eventIdentifier() + " no longer matches its link: its stored "
                        + "content (payload, metadata, type, time or ids) was changed");
            }
            running = link;
            lastLinked = at;
            eventsChecked++;
            return null;
        }

        /** Holds the recomputed chain against every anchor whose head is at or before {@code position}. */
        private Mismatch anchorsUpTo(long position) {
            while (nextAnchor < anchors.size() && anchors.get(nextAnchor).checkpoint().headPosition() <= position) {
                Anchor anchor = anchors.get(nextAnchor++);
                Checkpoint checkpoint = anchor.checkpoint();
                if (lastLinked < checkpoint.headPosition()) {
                    return new Mismatch(lastLinked + 1, "events missing: the verified chain ends at position " + lastLinked
                            + " but " + anchor.name() + " covers up to position " + checkpoint.headPosition()
                            + " (tail truncated, or an older backup restored)");
                }
                if (!ChainHash.same(running, checkpoint.headLink())) {
                    return new Mismatch(checkpoint.headPosition(), "the chain at position " + checkpoint.headPosition()
                            + " does not reach the link of " + anchor.name() + ": events up to here were rewritten "
                            + "together with their links");
                }
                checkpointsVerified++;
            }
            return null;
        }

        private long single(String sql) throws SQLException {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
