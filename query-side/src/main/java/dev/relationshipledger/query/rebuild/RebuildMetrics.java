package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.support.operations.RefreshedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The rebuilds' progress for Prometheus, five gauges per rebuild name. Every node reports every rebuild (its row in
 * {@code read_model.projection_rebuild}), read once a second in the background in one query for all names: read at
 * scrape time, each of the 16 gauges queried the database in turn, and a scrape waited for each while the database
 * was unreachable. NaN while it cannot be read.
 */
@Component
public class RebuildMetrics implements MeterBinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RebuildMetrics.class);

    private final ProjectionRebuild rebuild;
    /** The last or running rebuild of each name that has had one; null when it cannot be read. */
    private final RefreshedReading<Map<String, ProjectionRebuild.Progress>> progress;

    public RebuildMetrics(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
        this.progress = new RefreshedReading<>("the rebuilds' progress", Duration.ofSeconds(1), null, this::read,
                last -> null, LOG);
    }

    private Map<String, ProjectionRebuild.Progress> read() {
        Map<String, ProjectionRebuild.Progress> byName = new LinkedHashMap<>();
        rebuild.progress().forEach(p -> byName.put(p.projection(), p));
        return byName;
    }

    /** Reads from now on: a JdbcTemplate is made only after Flyway migrated the database. */
    @PostConstruct
    void start() {
        progress.start();
    }

    @Override
    public void close() {
        progress.close();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : rebuild.names()) {
            gauge(registry, "ledger.rebuild.running", name, "1 while a rebuild into fresh tables runs",
                    p -> p != null && p.running() ? 1 : 0);
            gauge(registry, "ledger.rebuild.events.processed", name, "Events folded by the current or last rebuild",
                    p -> p == null ? 0 : p.eventsDone());
            gauge(registry, "ledger.rebuild.events.planned", name, "Events in the store when the rebuild started",
                    p -> p == null ? 0 : p.eventsTotal());
            gauge(registry, "ledger.rebuild.rate.events.per.second", name, "Events folded per second by the rebuild",
                    p -> p == null ? 0 : p.rate());
            // a failed rebuild leaves the live tables as they were: nothing else shows that the repair did not happen
            gauge(registry, "ledger.rebuild.failed", name,
                    "1 when the last rebuild failed or its node died (the live tables untouched), else 0",
                    p -> p != null && (p.status().equals("FAILED") || p.status().equals("INTERRUPTED")) ? 1 : 0);
        }
    }

    /** {@code value} gets the name's rebuild, null if it has had none; the gauge is NaN when nothing could be read. */
    private void gauge(MeterRegistry registry, String metric, String name, String description,
                       ToDoubleFunction<ProjectionRebuild.Progress> value) {
        Gauge.builder(metric, this, metrics -> {
            Map<String, ProjectionRebuild.Progress> all = metrics.progress.get();
            return all == null ? Double.NaN : value.applyAsDouble(all.get(name));
        }).tag("projection", name).description(description).register(registry);
    }
}
