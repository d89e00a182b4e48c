package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.query.operations.BackgroundPriority;
import dev.relationshipledger.query.store.Positions;
import dev.relationshipledger.query.store.ReadHorizon;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Rebuilds projections without downtime (decision 0009): one scan of the event store, each event deserialized once
 * and folded by every projection rebuilt into the shadow copies of its tables, while the live tables keep serving
 * and the live processors keep running. Then, holding an EXCLUSIVE lock on the live tables (readers go on, writers
 * wait), the rebuild folds the events that arrived meanwhile and makes the live tables equal to the shadow tables
 * in one transaction ({@link ShadowSwitch}). Readers see the old rows until that commit and the new ones after it.
 * The live processors resume from their own tokens: every event they re-deliver is at or below the rebuilt
 * positions and is skipped by the projections' position guards.
 *
 * <p>A rebuild is of one projection or of {@value #ALL}. One rebuild at a time across all query nodes (a PostgreSQL
 * advisory lock held by the rebuilding node); its progress is in {@code read_model.projection_rebuild}, so every
 * node reports it.
 */
@Service
public class ProjectionRebuild {

    /** The rebuild of every projection, from one scan. */
    public static final String ALL = "all";
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);
    static final int LOCK_CLASS = 0x4C454447;
    static final int LOCK_KEY = "rebuild".hashCode();
    /** Events folded together (one prefetch of their relationships' states); the rebuild's fetch size too. */
    private static final int CHUNK = 1000;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final BackgroundPriority priority;
    private final int flushEvery;
    private final Map<String, List<RebuildTarget>> rebuilds = new LinkedHashMap<>();
    private final AtomicReference<Thread> running = new AtomicReference<>();

    public ProjectionRebuild(DataSource dataSource, JdbcTemplate jdbc, Serializer serializer, List<RebuildTarget> targets,
                             BackgroundPriority priority, MeterRegistry registry,
                             @Value("${ledger.rebuild.flush-every:5000}") int flushEvery) {
        if (flushEvery < 1) {
            throw new IllegalArgumentException("ledger.rebuild.flush-every is at least 1, not " + flushEvery);
        }
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.priority = priority;
        this.flushEvery = flushEvery;
        targets.forEach(target -> rebuilds.put(target.projection(), List.of(target)));
        rebuilds.put(ALL, List.copyOf(targets));
        rebuilds.keySet().forEach(name -> gauges(name, registry));
    }

    private void gauges(String name, MeterRegistry registry) {
        Gauge.builder("ledger.rebuild.running", () -> progress(name).filter(p -> p.status().equals("RUNNING")
                        || p.status().equals("SWITCHING")).isPresent() ? 1 : 0)
                .tag("projection", name).description("1 while a rebuild into fresh tables runs").register(registry);
        Gauge.builder("ledger.rebuild.events.processed", () -> progress(name).map(Progress::eventsDone).orElse(0L))
                .tag("projection", name).description("Events folded by the current or last rebuild").register(registry);
        Gauge.builder("ledger.rebuild.events.planned", () -> progress(name).map(Progress::eventsTotal).orElse(0L))
                .tag("projection", name).description("Events in the store when the rebuild started").register(registry);
        Gauge.builder("ledger.rebuild.rate.events.per.second", () -> progress(name).map(Progress::rate).orElse(0.0))
                .tag("projection", name).description("Events folded per second by the rebuild").register(registry);
    }

    /** A rebuild's state as every node sees it. */
    public record Progress(String projection, String status, String node, Instant startedAt, Instant finishedAt,
                           long eventsTotal, long eventsDone, long lastPosition, String error, double rate,
                           Long secondsLeft) {
    }

    /** What can be rebuilt: each projection by its name, and {@value #ALL}. */
    public List<String> names() {
        return List.copyOf(rebuilds.keySet());
    }

    public Optional<Progress> progress(String name) {
        known(name);
        return jdbc.query("SELECT * FROM read_model.projection_rebuild WHERE projection = ?", ProjectionRebuild::fromRow,
                name).stream().findFirst();
    }

    /** The last or running rebuild of each name that has had one. */
    public List<Progress> progress() {
        return jdbc.query("SELECT * FROM read_model.projection_rebuild ORDER BY projection", ProjectionRebuild::fromRow);
    }

    private static Progress fromRow(ResultSet rs, int row) throws SQLException {
        Instant started = rs.getTimestamp("started_at").toInstant();
        Instant finished = rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant();
        long done = rs.getLong("events_done");
        long total = rs.getLong("events_total");
        double seconds = Math.max(0.001, Duration.between(started, finished == null ? Instant.now() : finished).toMillis() / 1000.0);
        double rate = done / seconds;
        Long left = finished != null || rate <= 0 ? null : (long) Math.ceil(Math.max(0, total - done) / rate);
        return new Progress(rs.getString("projection"), rs.getString("status"), rs.getString("node"), started,
                finished, total, done, rs.getLong("last_position"), rs.getString("error"), Math.round(rate * 10) / 10.0, left);
    }

    private List<RebuildTarget> known(String name) {
        List<RebuildTarget> targets = rebuilds.get(name);
        if (targets == null) {
            throw new UnknownProjection(name, names());
        }
        return targets;
    }

    /** Starts a rebuild in the background; refused (409) when one runs anywhere. */
    public Progress start(String name) {
        List<RebuildTarget> targets = known(name);
        Connection lockHolder;
        try {
            lockHolder = dataSource.getConnection();
            boolean locked;
            try (PreparedStatement s = lockHolder.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                s.setInt(1, LOCK_CLASS);
                s.setInt(2, LOCK_KEY);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                lockHolder.close();
                throw new RebuildAlreadyRunning(progress().stream().filter(p -> p.finishedAt() == null)
                        .map(p -> p.projection() + " on " + p.node()).findFirst().orElse("another node"));
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
                    error = NULL""", name, node(), total);
        Thread worker = priority.threads("rebuild-" + name).newThread(() -> run(name, targets, lockHolder));
        running.set(worker);
        worker.start();
        return progress(name).orElseThrow();
    }

    /** Waits for a running rebuild of this node to finish (tests and shutdown). */
    public void awaitCompletion(Duration timeout) throws InterruptedException {
        Thread worker = running.get();
        if (worker != null) {
            worker.join(timeout.toMillis());
        }
    }

    private void run(String name, List<RebuildTarget> targets, Connection lockHolder) {
        try {
            jdbc.execute("TRUNCATE " + targets.stream().flatMap(t -> t.tables().stream())
                    .map(table -> "read_model." + table + "_next").collect(Collectors.joining(", ")));
            Scan scan = new Scan(name, targets);
            List<RebuildTarget.Pass> passes = targets.stream().map(t -> t.pass(jdbc, true)).toList();
            long t0 = System.nanoTime();
            Folded bulk = scan.bulk(passes);
            long t1 = System.nanoTime();
            LOG.info("rebuild of {}: {} events folded into the shadow tables in {} ms, switching", name, bulk.done(),
                    (t1 - t0) / 1_000_000);
            jdbc.update("UPDATE read_model.projection_rebuild SET status = 'SWITCHING' WHERE projection = ?", name);
            switchOver(scan, bulk);
            jdbc.update("UPDATE read_model.projection_rebuild SET status = 'DONE', finished_at = now() WHERE projection = ?",
                    name);
            LOG.info("rebuild of {} done; the switch took {} ms", name, (System.nanoTime() - t1) / 1_000_000);
        } catch (Exception e) {
            LOG.error("rebuild of {} failed; the live tables were not touched", name, e);
            jdbc.update("UPDATE read_model.projection_rebuild SET status = 'FAILED', finished_at = now(), error = ? "
                    + "WHERE projection = ?", String.valueOf(e.getMessage()), name);
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
            s.setInt(2, LOCK_KEY);
            s.executeQuery().close();
        } catch (SQLException e) {
            LOG.warn("could not release the rebuild lock; it goes with the connection", e);
        }
    }

    /** How far a pass got: the read horizon it read up to (every position at or below it is final) and the count. */
    private record Folded(long lastPosition, long done) {
    }

    /** Catches up under the lock and makes the live rows equal to the shadow rows, in one transaction. */
    private void switchOver(Scan scan, Folded bulk) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<String> tables = scan.targets.stream().flatMap(t -> t.tables().stream()).toList();
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '30s'");
                // Writers (the live processors on every node) wait from here to the commit; readers do not.
                s.execute("LOCK TABLE " + tables.stream().map(t -> "read_model." + t).collect(Collectors.joining(", "))
                        + " IN EXCLUSIVE MODE");
            }
            JdbcTemplate tx = new JdbcTemplate(new SingleConnectionDataSource(c, true));
            Folded tail = scan.catchUp(c, scan.targets.stream().map(t -> t.pass(tx, false)).toList(), bulk);
            ShadowSwitch.replace(c, tables);
            tx.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? WHERE projection = ?",
                    tail.done(), tail.lastPosition(), scan.name);
            c.commit();
        }
    }

    private static final String EVENTS_UP_TO_HORIZON = """
            SELECT global_index, time_stamp, payload_type, payload_revision, payload, meta_data, event_identifier,
                type, aggregate_identifier, sequence_number
            FROM event_store.domain_event_entry
            WHERE global_index > ? AND global_index <= ?
            ORDER BY global_index""";

    /** Reads the events in position order, up to the event store's read horizon, for the passes of one rebuild. */
    private final class Scan {
        final String name;
        final List<RebuildTarget> targets;
        final boolean readsMetaData;

        Scan(String name, List<RebuildTarget> targets) {
            this.name = name;
            this.targets = targets;
            this.readsMetaData = targets.stream().anyMatch(RebuildTarget::readsMetaData);
        }

        /**
         * Every event up to the read horizon: nothing can still commit below it (decision 0007), so the catch-up
         * starts exactly there and misses nothing.
         */
        Folded bulk(List<RebuildTarget.Pass> passes) throws SQLException, InterruptedException {
            List<PassWorker> workers = new ArrayList<>();
            for (int i = 0; i < passes.size(); i++) {
                workers.add(new PassWorker(targets.get(i).projection(), passes.get(i)));
            }
            Folded folded;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                folded = read(c, 0, ReadHorizon.of(c), 0, chunk -> workers.forEach(w -> w.send(chunk)),
                        () -> workers.forEach(PassWorker::flushPart));
                c.commit();
                // all passes write what they still hold at once
                workers.forEach(PassWorker::end);
                for (PassWorker worker : workers) {
                    worker.awaitEnd();
                }
            } finally {
                workers.forEach(PassWorker::stop);
            }
            jdbc.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? WHERE projection = ?",
                    folded.done(), folded.lastPosition(), name);
            return folded;
        }

        /** The events after the bulk pass, up to the read horizon as it stands now, in the switching transaction. */
        Folded catchUp(Connection c, List<RebuildTarget.Pass> passes, Folded bulk) throws SQLException {
            Folded folded = read(c, bulk.lastPosition(), ReadHorizon.of(c), bulk.done(),
                    chunk -> passes.forEach(pass -> pass.fold(chunk)), null);
            passes.forEach(RebuildTarget.Pass::finish);
            return folded;
        }

        /** Reads and deserializes the events, handing them on in chunks; {@code flushPart} (if any) every flush-every. */
        private Folded read(Connection c, long after, long horizon, long doneBefore,
                            Consumer<List<StoredEvent>> fold, Runnable flushPart) throws SQLException {
            long done = doneBefore;
            List<StoredEvent> chunk = new ArrayList<>(CHUNK);
            try (PreparedStatement s = c.prepareStatement(EVENTS_UP_TO_HORIZON)) {
                s.setFetchSize(CHUNK);
                s.setLong(1, after);
                s.setLong(2, horizon);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        StoredEvent event = event(rs);
                        if (event != null) {
                            chunk.add(event);
                        }
                        done++;
                        boolean flush = flushPart != null && done % flushEvery == 0;
                        if ((flush || chunk.size() >= CHUNK) && !chunk.isEmpty()) {
                            fold.accept(chunk);
                            chunk = new ArrayList<>(CHUNK);
                        }
                        if (flush) {
                            flushPart.run();
                            jdbc.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? "
                                    + "WHERE projection = ?", done, rs.getLong(1), name);
                        }
                    }
                    if (!chunk.isEmpty()) {
                        fold.accept(chunk);
                    }
                }
            }
            return new Folded(Math.max(after, horizon), done);
        }

        private StoredEvent event(ResultSet rs) throws SQLException {
            Object payload = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(5), byte[].class,
                    rs.getString(3), rs.getString(4)));
            if (!(payload instanceof LedgerEvent event)) {
                return null;
            }
            long position = rs.getLong(1);
            MetaData metaData = readsMetaData ? serializer.<byte[], MetaData>deserialize(new SimpleSerializedObject<>(
                    rs.getBytes(6), byte[].class, MetaData.class.getName(), null)) : MetaData.emptyInstance();
            return new StoredEvent(position, event, new GenericDomainEventMessage<>(rs.getString(8), rs.getString(9),
                    rs.getLong(10), event, metaData.and(Positions.KEY, position), rs.getString(7),
                    Instant.parse(rs.getString(2))));
        }
    }

    /**
     * Runs one projection's bulk pass on a thread of its own, fed by the scan through a short queue: the scan
     * deserializes while the projections fold and write, and one projection's wait on PostgreSQL does not hold up the
     * others. The chunks are shared and only read.
     */
    private final class PassWorker {
        private static final List<StoredEvent> FLUSH = new ArrayList<>(0);
        private static final List<StoredEvent> END = new ArrayList<>(0);

        private final String projection;
        private final RebuildTarget.Pass pass;
        private final BlockingQueue<List<StoredEvent>> queue = new ArrayBlockingQueue<>(4);
        private final Thread thread;
        private volatile Throwable failure;
        /** Time the pass spent waiting for events, and the scan spent waiting for room in its queue: who waits on whom. */
        private volatile long idleNanos;
        private long blockedNanos;

        PassWorker(String projection, RebuildTarget.Pass pass) {
            this.projection = projection;
            this.pass = pass;
            this.thread = priority.threads("rebuild-" + projection).newThread(this::work);
            thread.start();
        }

        private void work() {
            try {
                while (true) {
                    long waiting = System.nanoTime();
                    List<StoredEvent> next = queue.take();
                    idleNanos += System.nanoTime() - waiting;
                    if (next == END) {
                        pass.finish();
                        return;
                    } else if (next == FLUSH) {
                        pass.flushPart();
                    } else {
                        pass.fold(next);
                    }
                }
            } catch (Throwable e) {
                failure = e;
                pass.abandon();
            }
        }

        /** Hands on events (or a marker), waiting while the queue is full; fails as soon as the pass has failed. */
        void send(List<StoredEvent> item) {
            long waiting = System.nanoTime();
            try {
                while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    failIfFailed();
                }
                blockedNanos += System.nanoTime() - waiting;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("rebuild interrupted", e);
            }
            failIfFailed();
        }

        void flushPart() {
            send(FLUSH);
        }

        /** Asks the pass to write everything it still holds and end. */
        void end() {
            send(END);
        }

        /** Waits until the pass has ended: everything it held is written. */
        void awaitEnd() throws InterruptedException {
            thread.join();
            failIfFailed();
            LOG.info("rebuild of {}: its pass waited {} ms for events; the scan waited {} ms for it", projection,
                    idleNanos / 1_000_000, blockedNanos / 1_000_000);
        }

        /** Stops the pass if it still runs (the scan failed). */
        void stop() {
            if (thread.isAlive()) {
                thread.interrupt();
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void failIfFailed() {
            if (failure != null) {
                throw new IllegalStateException("the rebuild of " + projection + " failed: " + failure.getMessage(), failure);
            }
        }
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
        RebuildAlreadyRunning(String what) {
            super("a rebuild is already running: " + what);
        }
    }

    /** No projection of that name can be rebuilt. */
    public static class UnknownProjection extends RuntimeException {
        UnknownProjection(String name, List<String> names) {
            super("no projection named '" + name + "' can be rebuilt; these can: " + String.join(", ", names));
        }
    }
}
