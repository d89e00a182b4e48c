package dev.relationshipledger.query.operations;

import dev.relationshipledger.support.operations.RefreshedReading;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PostConstruct;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The query side's own metrics (docs/metrics.md): per streaming processor its lag in events and seconds, whether it
 * replays and how far a rebuild has got, its segments (in all and held by this node), and per dead-lettering
 * processing group the letters and sequences parked. Labels are processor names only: a handful, fixed by
 * configuration. Values come from the shared database, so every node reports the same lag and queue sizes
 * (aggregate with max, not sum); the segments held are this node's own. No gauge reads the database while a
 * scrape runs: {@link ProjectionStatus} and the queue sizes here are read once a second in the background.
 */
@Component
public class ProjectionMetrics implements MeterBinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionMetrics.class);

    private final ProjectionStatus status;
    private final DeadLetters deadLetters;
    private final SegmentShare share;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    /** Per group; null when the queues cannot be read. */
    private final RefreshedReading<Map<String, DeadLetters.Size>> sizes;

    public ProjectionMetrics(ProjectionStatus status, DeadLetters deadLetters, SegmentShare share,
                             ObjectProvider<EventProcessingConfiguration> processing) {
        this.status = status;
        this.deadLetters = deadLetters;
        this.share = share;
        this.processing = processing;
        this.sizes = new RefreshedReading<>("the dead-letter queues' sizes", Duration.ofSeconds(1), null,
                deadLetters::sizes, last -> null, LOG);
    }

    /** Reads from now on: a JdbcTemplate is made only after Flyway migrated the database. */
    @PostConstruct
    void start() {
        sizes.start();
    }

    @Override
    public void close() {
        sizes.close();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : status.processors()) {
            gauge(registry, "ledger.projection.lag.events", processor,
                    "Positions between the head of the event store and the slowest segment of the processor",
                    p -> status.processor(p).lagEvents());
            gauge(registry, "ledger.projection.lag.seconds", processor,
                    "Age of the oldest event the processor has not handled yet (0 when caught up)",
                    p -> status.processor(p).lagSeconds());
            gauge(registry, "ledger.projection.position", processor,
                    "Lowest global position the processor's segments have reached",
                    p -> status.processor(p).position());
            gauge(registry, "ledger.projection.replaying", processor,
                    "1 while the processor replays (a rebuild), 0 otherwise",
                    p -> status.processor(p).replaying() ? 1 : 0);
            gauge(registry, "ledger.projection.rebuild.progress.ratio", processor,
                    "Fraction of a rebuild done (positions replayed / positions at the reset), 1 when not rebuilding",
                    p -> status.processor(p).rebuildProgress());
            gauge(registry, "ledger.projection.segments", processor,
                    "Segments the processor is split into", p -> status.processor(p).segments());
            gauge(registry, "ledger.projection.segments.claimed", processor,
                    "Segments of the processor this node holds", this::claimed);
        }
        for (String group : deadLetters.groups()) {
            gauge(registry, "ledger.dead.letters", group,
                    "Events parked in the processing group's dead-letter queue", g -> letters(g, false));
            gauge(registry, "ledger.dead.letter.sequences", group,
                    "Sequences (relationships) with parked events in the processing group's dead-letter queue",
                    g -> letters(g, true));
        }
        FunctionCounter.builder("ledger.dead.letter.retried.sequences", deadLetters, DeadLetters::retriedSequences)
                .description("Parked sequences handled successfully by a retry on this node")
                .register(registry);
        Gauge.builder("ledger.event.store.head.position", status, s -> s.snapshot().head())
                .description("Highest global position in the event store")
                .register(registry);
        Gauge.builder("ledger.query.nodes", share, SegmentShare::liveNodes)
                .description("Query nodes this node sees live on the database (they share the processors' segments)")
                .register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String processor, String description,
                              ToDoubleFunction<String> value) {
        Gauge.builder(name, processor, value).tag("processor", processor).description(description).register(registry);
    }

    private double claimed(String processor) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        if (configuration == null) {
            return Double.NaN;
        }
        return configuration.eventProcessor(processor, StreamingEventProcessor.class)
                .map(p -> (double) p.processingStatus().size())
                .orElse(Double.NaN);
    }

    /** Queue sizes, read once a second in the background (all groups in one query); NaN when they cannot be read. */
    private double letters(String group, boolean sequences) {
        Map<String, DeadLetters.Size> all = sizes.get();
        if (all == null) {
            return Double.NaN;
        }
        DeadLetters.Size size = all.getOrDefault(group, new DeadLetters.Size(group, 0, 0));
        return sequences ? size.sequences() : size.letters();
    }
}
