package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.query.operations.BackgroundPriority;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import dev.relationshipledger.query.status.StatusFolding;
import dev.relationshipledger.query.store.ReadHorizon;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Service;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the relationship status projection (states, reputation timeline, checkpoints) without downtime: the
 * events are folded into shadow tables while the live tables keep serving and the live processor keeps running;
 * then, holding an EXCLUSIVE lock on the live tables (readers go on, writers wait), the rebuild folds the events
 * that arrived meanwhile and copies the shadow rows over the live ones in one transaction. Readers see the old
 * rows until that commit and the new ones after it. The live processor resumes from its own token: every event it
 * re-delivers is at or below the rebuilt positions and is skipped by the projection's position guard.
 *
 * <p>One rebuild at a time across all query nodes (a PostgreSQL advisory lock held by the rebuilding node); its
 * progress is in {@code read_model.projection_rebuild}, so every node reports it.
 */
@Service
public class StatusRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(StatusRebuild.class);
    static final String PROJECTION = RelationshipStatusProjection.NAME;
    static final int LOCK_CLASS = 0x4C454447;
    /** Events folded together after one read of their relationships' states; the rebuild's fetch size too. */
    private static final int CHUNK = 1000;
    private static final List<String> TABLES = List.of("relationship_status", "reputation_point", "state_checkpoint");

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final StatusFolding folding;
    private final BackgroundPriority priority;
    private final int flushEvery;
    private final int maxHeldStates;
    private final AtomicReference<Thread> running = new AtomicReference<>();

    public StatusRebuild(DataSource dataSource, JdbcTemplate jdbc, Serializer serializer, StatusFolding folding,
                         BackgroundPriority priority, MeterRegistry registry,
                         @Value("${ledger.rebuild.flush-every:5000}") int flushEvery,
                         @Value("${ledger.rebuild.max-held-states:20000}") int maxHeldStates) {
        if (flushEvery < 1 || maxHeldStates < 1) {
            throw new IllegalArgumentException("ledger.rebuild.flush-every and max-held-states are at least 1, not "
                    + flushEvery + " and " + maxHeldStates);
        }
        this.dataSource = dataSource;
        this.priority = priority;
        this.flushEvery = flushEvery;
        this.maxHeldStates = maxHeldStates;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.folding = folding;
        Gauge.builder("ledger.rebuild.running", () -> progress().filter(p -> p.status().equals("RUNNING")
                        || p.status().equals("SWITCHING")).isPresent() ? 1 : 0)
                .tag("projection", PROJECTION).description("1 while a rebuild into fresh tables runs").register(registry);
        Gauge.builder("ledger.rebuild.events.processed", () -> progress().map(Progress::eventsDone).orElse(0L))
                .tag("projection", PROJECTION).description("Events folded by the current or last rebuild").register(registry);
        Gauge.builder("ledger.rebuild.events.planned", () -> progress().map(Progress::eventsTotal).orElse(0L))
                .tag("projection", PROJECTION).description("Events in the store when the rebuild started").register(registry);
        Gauge.builder("ledger.rebuild.rate.events.per.second", () -> progress().map(Progress::rate).orElse(0.0))
                .tag("projection", PROJECTION).description("Events folded per second by the rebuild").register(registry);
    }

    /** A rebuild's state as every node sees it. */
    public record Progress(String projection, String status, String node, Instant startedAt, Instant finishedAt,
                           long eventsTotal, long eventsDone, long lastPosition, String error, double rate,
                           Long secondsLeft) {
    }

    public Optional<Progress> progress() {
        List<Progress> rows = jdbc.query("SELECT * FROM read_model.projection_rebuild WHERE projection = ?", (rs, i) -> {
            Instant started = rs.getTimestamp("started_at").toInstant();
            Instant finished = rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant();
            long done = rs.getLong("events_done");
            long total = rs.getLong("events_total");
            double seconds = Math.max(0.001, Duration.between(started, finished == null ? Instant.now() : finished).toMillis() / 1000.0);
            double rate = done / seconds;
            Long left = finished != null || rate <= 0 ? null : (long) Math.ceil(Math.max(0, total - done) / rate);
            return new Progress(rs.getString("projection"), rs.getString("status"), rs.getString("node"), started,
                    finished, total, done, rs.getLong("last_position"), rs.getString("error"), Math.round(rate * 10) / 10.0, left);
        }, PROJECTION);
        return rows.stream().findFirst();
    }

    /** Starts a rebuild in the background; refused (409) when one runs anywhere. */
    public Progress start() {
        Connection lockHolder;
        try {
            lockHolder = dataSource.getConnection();
            boolean locked;
            try (PreparedStatement s = lockHolder.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                s.setInt(1, LOCK_CLASS);
                s.setInt(2, ("rebuild:" + PROJECTION).hashCode());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                lockHolder.close();
                throw new RebuildAlreadyRunning(progress().map(Progress::node).orElse("another node"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the rebuild lock", e);
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
        jdbc.update("""
                INSERT INTO read_model.projection_rebuild (projection, status, node, started_at, finished_at,
                    events_total, events_done, last_position, error)
                VALUES (?, 'RUNNING', ?, now(), NULL, ?, 0, 0, NULL)
                ON CONFLICT (projection) DO UPDATE SET status = 'RUNNING', node = excluded.node, started_at = now(),
                    finished_at = NULL, events_total = excluded.events_total, events_done = 0, last_position = 0,
                    error = NULL""", PROJECTION, node(), total);
        Thread worker = priority.threads("rebuild-" + PROJECTION).newThread(() -> run(lockHolder));
        running.set(worker);
        worker.start();
        return progress().orElseThrow();
    }

    /** Waits for a running rebuild of this node to finish (tests and shutdown). */
    public void awaitCompletion(Duration timeout) throws InterruptedException {
        Thread worker = running.get();
        if (worker != null) {
            worker.join(timeout.toMillis());
        }
    }

    private void run(Connection lockHolder) {
        try {
            StatusFolding.Batch shadow = folding.batch("_next");
            jdbc.execute("TRUNCATE read_model.relationship_status_next, read_model.reputation_point_next, "
                    + "read_model.state_checkpoint_next");
            long done = 0;
            Folded bulk = foldEvents(shadow, 0, done);
            LOG.info("rebuild of {}: {} events folded into the shadow tables, switching", PROJECTION, bulk.done());
            jdbc.update("UPDATE read_model.projection_rebuild SET status = 'SWITCHING' WHERE projection = ?", PROJECTION);
            switchOver(bulk);
            jdbc.update("UPDATE read_model.projection_rebuild SET status = 'DONE', finished_at = now() WHERE projection = ?",
                    PROJECTION);
            LOG.info("rebuild of {} done", PROJECTION);
        } catch (Exception e) {
            LOG.error("rebuild of {} failed; the live tables were not touched", PROJECTION, e);
            jdbc.update("UPDATE read_model.projection_rebuild SET status = 'FAILED', finished_at = now(), error = ? "
                    + "WHERE projection = ?", String.valueOf(e.getMessage()), PROJECTION);
        } finally {
            unlock(lockHolder);
            try {
                lockHolder.close();
            } catch (SQLException ignored) {
                // the pool discards it
            }
            running.set(null);
        }
    }

    /** Session locks outlive a pooled connection's return to the pool: release it explicitly. */
    private static void unlock(Connection lockHolder) {
        try (PreparedStatement s = lockHolder.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            s.setInt(1, LOCK_CLASS);
            s.setInt(2, ("rebuild:" + PROJECTION).hashCode());
            s.executeQuery().close();
        } catch (SQLException e) {
            LOG.warn("could not release the rebuild lock; it goes with the connection", e);
        }
    }

    /** How far a pass got: the read horizon it read up to (every position at or below it is final) and the count. */
    private record Folded(long lastPosition, long done) {
    }

    /**
     * Folds, in position order, the events after {@code after} up to the event store's read horizon: nothing can
     * still commit below it (decision 0007), so the next pass starts exactly there and misses nothing.
     */
    private Folded foldEvents(StatusFolding.Batch batch, long after, long doneBefore) throws SQLException {
        long done = doneBefore;
        long last = after;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            long horizon = ReadHorizon.of(c);
            try (PreparedStatement s = c.prepareStatement(EVENTS_UP_TO_HORIZON)) {
                s.setFetchSize(CHUNK);
                s.setLong(1, after);
                s.setLong(2, horizon);
                try (ResultSet rs = s.executeQuery()) {
                    Chunk chunk = new Chunk(batch);
                    while (rs.next()) {
                        last = rs.getLong(1);
                        chunk.add(rs);
                        done++;
                        if (done % flushEvery == 0) {
                            chunk.fold();
                            flushPart(batch);
                            jdbc.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? "
                                    + "WHERE projection = ?", done, last, PROJECTION);
                        } else if (chunk.full()) {
                            chunk.fold();
                        }
                    }
                    chunk.fold();
                }
            }
            c.commit();
            last = Math.max(last, horizon);
        }
        batch.flush();
        jdbc.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? WHERE projection = ?",
                done, last, PROJECTION);
        return new Folded(last, done);
    }

    /**
     * The points and checkpoints folded so far. Each state is written once, after the pass (one upsert per touched
     * relationship and flush had been the rebuild's largest write, seventh round), unless the batch holds more than
     * {@code ledger.rebuild.max-held-states}: then they are written and forgotten, so memory stays bounded however
     * many relationships the ledger has.
     */
    private void flushPart(StatusFolding.Batch batch) {
        if (batch.heldStates() > maxHeldStates) {
            batch.flushAndForget();
        } else {
            batch.flushHistory();
        }
    }

    private static final String EVENTS_UP_TO_HORIZON = """
            SELECT global_index, time_stamp, payload_type, payload_revision, payload
            FROM event_store.domain_event_entry
            WHERE global_index > ? AND global_index <= ?
            ORDER BY global_index""";

    /**
     * Events read but not folded yet, up to {@link #CHUNK}: their relationships' states that the batch does not hold
     * (first seen, or forgotten above the bound) are read in one query before they are folded, not one each.
     */
    private final class Chunk {
        private record Read(LedgerEvent event, long position, Instant recordedAt) {
        }

        private final StatusFolding.Batch batch;
        private final List<Read> events = new ArrayList<>(CHUNK);

        Chunk(StatusFolding.Batch batch) {
            this.batch = batch;
        }

        void add(ResultSet rs) throws SQLException {
            Object payload = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(5), byte[].class,
                    rs.getString(3), rs.getString(4)));
            if (payload instanceof LedgerEvent event) {
                events.add(new Read(event, rs.getLong(1), Instant.parse(rs.getString(2))));
            }
        }

        boolean full() {
            return events.size() >= CHUNK;
        }

        void fold() {
            batch.prefetch(events.stream().map(read -> read.event().relationshipId().toString()).toList());
            for (Read read : events) {
                batch.apply(read.event(), read.position(), read.recordedAt());
            }
            events.clear();
        }
    }

    /** Catches up under the lock and replaces the live rows with the shadow rows, in one transaction. */
    private void switchOver(Folded bulk) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '30s'");
                // Writers (the live processor on every node) wait from here to the commit; readers do not.
                s.execute("LOCK TABLE read_model.relationship_status, read_model.reputation_point, "
                        + "read_model.state_checkpoint IN EXCLUSIVE MODE");
            }
            JdbcTemplate tx = new JdbcTemplate(new SingleConnectionDataSource(c, true));
            Folded tail = foldEventsWith(c, folding.batch("_next", tx), bulk);
            try (Statement s = c.createStatement()) {
                for (String table : TABLES) {
                    s.execute("DELETE FROM read_model." + table);
                    s.execute("INSERT INTO read_model." + table + " SELECT * FROM read_model." + table + "_next");
                }
            }
            tx.update(
                    "UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? WHERE projection = ?",
                    tail.done(), tail.lastPosition(), PROJECTION);
            c.commit();
        }
    }

    /** The catch-up pass inside the switching transaction, up to the read horizon as it stands now. */
    private Folded foldEventsWith(Connection c, StatusFolding.Batch batch, Folded bulk) throws SQLException {
        long done = bulk.done();
        long horizon = ReadHorizon.of(c);
        try (PreparedStatement s = c.prepareStatement(EVENTS_UP_TO_HORIZON)) {
            s.setLong(1, bulk.lastPosition());
            s.setLong(2, horizon);
            try (ResultSet rs = s.executeQuery()) {
                Chunk chunk = new Chunk(batch);
                while (rs.next()) {
                    chunk.add(rs);
                    done++;
                    if (chunk.full()) {
                        chunk.fold();
                    }
                }
                chunk.fold();
            }
        }
        batch.flush();
        return new Folded(Math.max(bulk.lastPosition(), horizon), done);
    }

    private static String node() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        } catch (Exception e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    /** A rebuild is already running (on this or another node). */
    public static class RebuildAlreadyRunning extends RuntimeException {
        public RebuildAlreadyRunning(String node) {
            super("a rebuild of " + PROJECTION + " is already running on " + node);
        }
    }

}
