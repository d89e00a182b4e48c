package dev.relationshipledger.query.operations;

import dev.relationshipledger.query.store.ProjectionProgress;
import dev.relationshipledger.support.operations.RefreshedReading;
import jakarta.annotation.PostConstruct;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How far each streaming processor (projection) of the query side is behind the event store, read from the shared
 * token table: the same answer on every node. Read once a second in the background ({@link RefreshedReading}), never
 * while a scrape runs (every gauge of a scrape asks), with three cheap queries per processor: the stored tokens, the
 * head of the event table (an index probe) and the recorded time of the first event not yet handled. While the
 * database cannot be read, every value is NaN.
 */
@Component
public class ProjectionStatus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionStatus.class);
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final ProjectionProgress progress;
    private final JdbcTemplate jdbc;
    /** Wall-clock time of this machine, not the application's injectable clock: lag is measured, not decided. */
    private final Clock clock = Clock.systemUTC();
    private final List<String> processors;
    private final RefreshedReading<Snapshot> snapshot;

    public ProjectionStatus(ProjectionProgress progress, JdbcTemplate jdbc,
                            EventProcessorProperties processorProperties) {
        this.progress = progress;
        this.jdbc = jdbc;
        this.processors = processorProperties.getProcessors().entrySet().stream()
                .filter(e -> e.getValue().getMode() == EventProcessorProperties.Mode.POOLED
                        || e.getValue().getMode() == EventProcessorProperties.Mode.TRACKING)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        this.snapshot = new RefreshedReading<>("the projections' progress", FRESH, unreadable(), () -> take(clock.instant()),
                last -> unreadable(), LOG);
    }

    private Snapshot unreadable() {
        return new Snapshot(clock.instant(), Double.NaN, Map.of());
    }

    /** Reads from now on: a JdbcTemplate is made only after Flyway migrated the database. */
    @PostConstruct
    void start() {
        snapshot.start();
    }

    /** Reads now, on the calling thread. */
    void refresh() {
        snapshot.refresh();
    }

    @Override
    public void close() {
        snapshot.close();
    }

    /**
     * One processor's progress. {@code lagEvents}: positions between the slowest segment and the head of the event
     * store (NaN before the processor has stored tokens); {@code lagSeconds}: age of the oldest event not yet handled
     * (0 when caught up); {@code rebuildProgress}: during a replay the fraction of the positions up to the reset
     * point that the slowest segment has covered, 1 otherwise.
     */
    public record Processor(String name, int segments, double position, double lagEvents, double lagSeconds,
                            boolean replaying, double rebuildProgress) {
    }

    public record Snapshot(Instant takenAt, double head, Map<String, Processor> processors) {
    }

    /** The streaming processors measured: those configured under axon.eventhandling.processors as pooled or tracking. */
    public List<String> processors() {
        return processors;
    }

    /** The last reading; never waits for the database. */
    public Snapshot snapshot() {
        return snapshot.get();
    }

    public Processor processor(String name) {
        Processor processor = snapshot().processors().get(name);
        return processor != null ? processor
                : new Processor(name, 0, Double.NaN, Double.NaN, Double.NaN, false, Double.NaN);
    }

    private Snapshot take(Instant now) {
        Long headIndex = jdbc.queryForObject("SELECT max(global_index) FROM event_store.domain_event_entry", Long.class);
        long head = headIndex == null ? 0 : headIndex;
        Map<String, Processor> measured = new LinkedHashMap<>();
        for (String name : processors) {
            measured.put(name, measure(name, head, now));
        }
        return new Snapshot(now, head, measured);
    }

    private Processor measure(String name, long head, Instant now) {
        List<ProjectionProgress.SegmentToken> tokens = progress.tokens(name);
        if (tokens.isEmpty()) {
            return new Processor(name, 0, Double.NaN, Double.NaN, Double.NaN, false, Double.NaN);
        }
        long lowest = Long.MAX_VALUE;
        boolean replaying = false;
        double rebuild = 1.0;
        for (ProjectionProgress.SegmentToken segment : tokens) {
            TrackingToken token = segment.token();
            OptionalLong position = token == null ? OptionalLong.empty() : token.position();
            long reached = position.isPresent() ? position.getAsLong() : 0;
            lowest = Math.min(lowest, reached);
            if (token != null && ReplayToken.isReplay(token)) {
                replaying = true;
                OptionalLong target = ReplayToken.getTokenAtReset(token);
                if (target.isPresent() && target.getAsLong() > 0) {
                    rebuild = Math.min(rebuild, Math.max(0, Math.min(1.0, (double) reached / target.getAsLong())));
                }
            }
        }
        double lagEvents = Math.max(0, head - lowest);
        double lagSeconds = 0;
        if (lagEvents > 0) {
            List<String> oldest = jdbc.queryForList("SELECT time_stamp FROM event_store.domain_event_entry "
                    + "WHERE global_index > ? ORDER BY global_index LIMIT 1", String.class, lowest);
            if (!oldest.isEmpty()) {
                lagSeconds = Math.max(0, Duration.between(Instant.parse(oldest.get(0)), now).toMillis() / 1000.0);
            }
        }
        return new Processor(name, tokens.size(), lowest, lagEvents, lagSeconds, replaying, replaying ? rebuild : 1.0);
    }
}
