package dev.relationshipledger.query.rebuild;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.relationshipledger.query.operations.BackgroundPriority;
import dev.relationshipledger.query.operations.DeadLetterConfiguration;
import dev.relationshipledger.query.operations.DeadLetters;
import dev.relationshipledger.query.personaldata.PersonalDataKeyReader;
import org.axonframework.serialization.Serializer;
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
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Rebuilds projections without downtime (decision 0009): one scan of the event store, each event deserialized once
 * and folded by every projection rebuilt into the shadow copies of its tables, while the live tables keep serving
 * and the live processors keep running. Then, holding an EXCLUSIVE lock on the live tables (readers go on, writers
 * wait), the rebuild folds the events that arrived meanwhile and makes the live tables equal to the shadow tables
 * in one transaction per projection ({@link ShadowSwitch}). Readers see the old rows until that commit and the new
 * ones after it. The live processors resume from their own tokens: every event they re-deliver is at or below the rebuilt
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
    /** How long a start waits for a finished rebuild to release the lock: up to 50 × 20 ms. */
    private static final int LOCK_RELEASE_WAITS = 50;
    private static final Duration LOCK_RELEASE_PAUSE = Duration.ofMillis(20);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final PersonalDataKeyReader keys;
    /** The processing groups with a dead-letter queue (whose folded letters a switch drops). */
    private final Set<String> deadLettering;
    private final BackgroundPriority priority;
    private final int flushEvery;
    private final Map<String, List<RebuildTarget>> rebuilds = new LinkedHashMap<>();
    private final AtomicReference<Thread> running = new AtomicReference<>();

    public ProjectionRebuild(DataSource dataSource, JdbcTemplate jdbc, Serializer serializer, PersonalDataKeyReader keys,
                             List<RebuildTarget> targets, BackgroundPriority priority, DeadLetters deadLetters,
                             @Value("${ledger.rebuild.flush-every:5000}") int flushEvery) {
        if (flushEvery < 1) {
            throw new IllegalArgumentException("ledger.rebuild.flush-every is at least 1, not " + flushEvery);
        }
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.keys = keys;
        this.priority = priority;
        this.flushEvery = flushEvery;
        this.deadLettering = Set.copyOf(deadLetters.groups());
        targets.forEach(target -> rebuilds.put(target.projection(), List.of(target)));
        rebuilds.put(ALL, List.copyOf(targets));
    }

    /** A rebuild's state as every node sees it. */
    public record Progress(String projection, String status, String node, Instant startedAt, Instant finishedAt,
                           long eventsTotal, long eventsDone, long lastPosition, String error, double rate,
                           Long secondsLeft) {

        /** Folding or switching now, on some node. */
        @JsonIgnore
        public boolean running() {
            return status.equals("RUNNING") || status.equals("SWITCHING");
        }
    }

    /** What can be rebuilt: each projection by its name, and {@value #ALL}. */
    public List<String> names() {
        return List.copyOf(rebuilds.keySet());
    }

    public Optional<Progress> progress(String name) {
        known(name);
        return jdbc.query(PROGRESS + " WHERE r.projection = ?", ProjectionRebuild::fromRow, LOCK_CLASS, LOCK_KEY, name)
                .stream().findFirst();
    }

    /** The last or running rebuild of each name that has had one. */
    public List<Progress> progress() {
        return jdbc.query(PROGRESS + " ORDER BY r.projection", ProjectionRebuild::fromRow, LOCK_CLASS, LOCK_KEY);
    }

    /**
     * A rebuild's row, and whether it was interrupted: its row says it runs, but no node holds the rebuild lock (the
     * node running it died, and its lock went with its connection). Without this a crash would leave a rebuild
     * "running", and its gauge at 1, until the next one.
     */
    private static final String PROGRESS = """
            SELECT r.*, r.status IN ('RUNNING', 'SWITCHING') AND NOT EXISTS (SELECT 1 FROM pg_locks l
                       WHERE l.locktype = 'advisory' AND l.classid = (?::int4)::oid AND l.objid = (?::int4)::oid
                         AND l.objsubid = 2 AND l.granted) AS interrupted
            FROM read_model.projection_rebuild r""";

    private static Progress fromRow(ResultSet rs, int row) throws SQLException {
        if (rs.getBoolean("interrupted")) {
            return new Progress(rs.getString("projection"), "INTERRUPTED", rs.getString("node"),
                    rs.getTimestamp("started_at").toInstant(), null, rs.getLong("events_total"),
                    rs.getLong("events_done"), rs.getLong("last_position"),
                    "the node running it stopped before it finished (a projection it had switched is rebuilt, the "
                            + "others are as they were); start it again", 0, null);
        }
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
            boolean locked = tryLock(lockHolder);
            // A rebuild that has written its outcome releases the lock a moment later: a caller that saw it done
            // and starts the next one waits for that moment, not for a 409. A running one is refused at once.
            for (int wait = 0; !locked && wait < LOCK_RELEASE_WAITS && progress().stream().noneMatch(Progress::running);
                 wait++) {
                sleep(LOCK_RELEASE_PAUSE);
                locked = tryLock(lockHolder);
            }
            if (!locked) {
                lockHolder.close();
                throw new RebuildAlreadyRunning(progress().stream().filter(Progress::running)
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

    private static boolean tryLock(Connection lockHolder) throws SQLException {
        try (PreparedStatement s = lockHolder.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            s.setInt(1, LOCK_CLASS);
            s.setInt(2, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a running rebuild of this node to finish (tests and shutdown). */
    public void awaitCompletion(Duration timeout) throws InterruptedException {
        Thread worker = running.get();
        if (worker != null) {
            worker.join(timeout.toMillis());
        }
    }

    private void run(String name, List<RebuildTarget> targets, Connection lockHolder) {
        String failure = "the rebuild stopped unexpectedly";
        try {
            emptyShadowTables(targets);
            EventScan scan = new EventScan(name, targets, dataSource, jdbc, serializer, keys, priority, flushEvery);
            List<RebuildTarget.Pass> passes = targets.stream().map(t -> t.pass(jdbc, true)).toList();
            long t0 = System.nanoTime();
            EventScan.Folded bulk = scan.bulk(passes);
            long t1 = System.nanoTime();
            LOG.info("rebuild of {}: {} events folded into the shadow tables in {} ms, switching", name, bulk.done(),
                    (t1 - t0) / 1_000_000);
            jdbc.update("UPDATE read_model.projection_rebuild SET status = 'SWITCHING' WHERE projection = ?", name);
            switchOver(scan, bulk);
            failure = null;
            LOG.info("rebuild of {} done; the switch took {} ms", name, (System.nanoTime() - t1) / 1_000_000);
        } catch (Exception e) {
            LOG.error("rebuild of {} failed; the live tables of the projections not yet switched were not touched", name, e);
            failure = String.valueOf(e.getMessage());
        } finally {
            try {
                // Nothing stays in them between rebuilds: a person erased later would be left named there (0019).
                emptyShadowTables(targets);
            } catch (RuntimeException e) {
                LOG.warn("could not empty the shadow tables of {}; the next rebuild empties them first", name, e);
            }
            // Only releasing the lock is left: whoever sees the outcome may start the next rebuild (start waits).
            try {
                if (failure == null) {
                    jdbc.update("UPDATE read_model.projection_rebuild SET status = 'DONE', finished_at = now() "
                            + "WHERE projection = ?", name);
                } else {
                    jdbc.update("UPDATE read_model.projection_rebuild SET status = 'FAILED', finished_at = now(), "
                            + "error = ? WHERE projection = ?", failure, name);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not record the outcome of the rebuild of {}; it shows INTERRUPTED", name, e);
            }
            unlock(lockHolder);
            try {
                lockHolder.close();
            } catch (SQLException ignored) {
                // the pool discards it
            }
            running.set(null);
        }
    }

    private void emptyShadowTables(List<RebuildTarget> targets) {
        jdbc.execute("TRUNCATE " + targets.stream().flatMap(t -> t.tables().stream())
                .map(table -> "read_model." + table + "_next").collect(Collectors.joining(", ")));
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

    /**
     * Switches every projection rebuilt at once, each in its own transaction: the projections are independent of
     * each other, so none waits for another's comparison, and a failed switch leaves only its own live tables as
     * they were.
     */
    private void switchOver(EventScan scan, EventScan.Folded bulk) throws Exception {
        ExecutorService switching = Executors.newFixedThreadPool(scan.targets.size(),
                priority.threads("rebuild-" + scan.name + "-switch"));
        try {
            List<Future<EventScan.Folded>> switched = new ArrayList<>();
            for (RebuildTarget target : scan.targets) {
                switched.add(switching.submit(() -> switchOver(scan, target, bulk)));
            }
            EventScan.Folded last = bulk;
            for (Future<EventScan.Folded> each : switched) {
                EventScan.Folded tail = each.get();
                last = tail.done() > last.done() ? tail : last;
            }
            jdbc.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? WHERE projection = ?",
                    last.done(), last.lastPosition(), scan.name);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            switching.shutdownNow();
        }
    }

    /** Catches up under the lock and makes one projection's live rows equal to its shadow rows, in one transaction. */
    private EventScan.Folded switchOver(EventScan scan, RebuildTarget target, EventScan.Folded bulk) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean parks = deadLettering.contains(target.projection());
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '30s'");
                // Writers (the live processor on every node) wait from here to the commit; readers do not. A
                // dead-lettering projection's batch parks its letters before it writes its rows: the queue is locked
                // first, so the switch waits for a batch that has parked one and sees the letter when it drops those
                // it folded in (and the batch, waiting on the queue, cannot hold a row lock the switch needs).
                s.execute("LOCK TABLE " + (parks ? DeadLetterConfiguration.TABLE + ", " : "")
                        + target.tables().stream().map(t -> "read_model." + t).collect(Collectors.joining(", "))
                        + " IN EXCLUSIVE MODE");
            }
            JdbcTemplate tx = new JdbcTemplate(new SingleConnectionDataSource(c, true));
            EventScan.Folded tail = scan.catchUp(c, List.of(target.pass(tx, false)), bulk);
            ShadowSwitch.replace(c, target.tables());
            if (parks) {
                dropFoldedDeadLetters(c, target.projection(), tail.lastPosition());
            }
            c.commit();
            return tail;
        }
    }

    /**
     * The projection's dead letters whose events this rebuild has folded (every one up to {@code upTo}, or the rebuild
     * would have failed): the switched rows hold them, so they leave the queue with the switch, and their
     * relationships are projected live again. A letter above {@code upTo} stays parked, for a retry.
     */
    private static void dropFoldedDeadLetters(Connection c, String group, long upTo) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + DeadLetterConfiguration.TABLE + " d USING "
                + "event_store.domain_event_entry e WHERE d.processing_group = ? "
                + "AND e.event_identifier = d.event_identifier AND e.global_index <= ?")) {
            s.setString(1, group);
            s.setLong(2, upTo);
            int dropped = s.executeUpdate();
            if (dropped > 0) {
                LOG.info("rebuild of {}: {} dead letters at or below position {} folded in, dropped from the queue",
                        group, dropped, upTo);
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
