package dev.relationshipledger.query.operations;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shares the segments of every pooled processor fairly among the live query nodes. Without it, the first node to
 * start claims every segment (Axon's default maximum is 32767 per node) and the others only serve reads.
 *
 * <p>Each node may claim at most {@code ceil(segments / live nodes)}; Axon's coordinator releases the surplus and
 * the other nodes claim it. A node is live while it has a session on the ledger database whose
 * {@code application_name} starts with {@value #APPLICATION_NAME_PREFIX} (set in query-side.yml) and that was
 * active within the token claim timeout: every running query node touches the database several times a second
 * (the event store poll), and a killed one's sessions end with its process or go quiet. When a node dies, the others
 * see one node fewer, their maximum rises, and they take its segments as soon as its claims time out. If node
 * counting fails (the sessions cannot be seen), the limit falls back to Axon's default, never to less.
 */
@Component
public class SegmentShare implements MaxSegmentProvider, SmartLifecycle {

    public static final String APPLICATION_NAME_PREFIX = "ledger-query-side/";
    private static final Logger LOG = LoggerFactory.getLogger(SegmentShare.class);

    private final JdbcTemplate jdbc;
    private final boolean enabled;
    private final Duration liveWindow;
    private final Duration refreshInterval;
    private volatile Map<String, Integer> segments = Map.of();
    private volatile int liveNodes;
    private ScheduledExecutorService refresher;

    public SegmentShare(JdbcTemplate jdbc,
                        @Value("${ledger.processors.share-segments:true}") boolean enabled,
                        @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout,
                        @Value("${ledger.processors.share-refresh-interval:2s}") Duration refreshInterval) {
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.liveWindow = claimTimeout;
        this.refreshInterval = refreshInterval;
    }

    /**
     * Every pooled processor named in the configuration asks this share how many segments it may hold, and stores
     * the token of a segment that receives no events of its own every {@code claim-extension-threshold} (Axon's
     * default 5 s made an idle segment's stored position, hence the lag metrics and read-your-writes over all
     * segments, up to 5 s late).
     */
    @Bean
    static ConfigurerModule segmentSharing(EventProcessorProperties processors,
                                           org.springframework.beans.factory.ObjectProvider<SegmentShare> share,
                                           @Value("${ledger.processors.claim-extension-threshold:1s}")
                                           Duration claimExtension) {
        return configurer -> processors.getProcessors().forEach((name, settings) -> {
            if (settings.getMode() == EventProcessorProperties.Mode.POOLED) {
                configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(name,
                        (configuration, builder) -> builder.maxSegmentProvider(share.getObject())
                                .claimExtensionThreshold(claimExtension.toMillis()));
            }
        });
    }

    @Override
    public int getMaxSegments(String processor) {
        Integer total = segments.get(processor);
        int nodes = liveNodes;
        if (!enabled || total == null || total == 0 || nodes < 1) {
            return Short.MAX_VALUE;
        }
        return (total + nodes - 1) / nodes;
    }

    /** Query nodes seen live on this database (0 when they cannot be counted). */
    public int liveNodes() {
        return liveNodes;
    }

    void refresh() {
        try {
            Map<String, Integer> counted = new HashMap<>();
            jdbc.query("SELECT processor_name, count(*) FROM read_model.token_entry GROUP BY processor_name",
                    rs -> {
                        counted.put(rs.getString(1), rs.getInt(2));
                    });
            Integer nodes = jdbc.queryForObject("""
                    SELECT count(DISTINCT application_name) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name LIKE ?
                      AND (state = 'active' OR state_change > now() - make_interval(secs => ?))""",
                    Integer.class, APPLICATION_NAME_PREFIX + "%", liveWindow.toMillis() / 1000.0);
            int seen = nodes == null ? 0 : nodes;
            if (seen != liveNodes) {
                LOG.info("{} query node(s) live on this database; segments per processor {}", seen, counted);
            }
            segments = Map.copyOf(counted);
            liveNodes = seen;
        } catch (RuntimeException e) {
            LOG.debug("could not count the live query nodes; keeping the last count", e);
        }
    }

    @Override
    public synchronized void start() {
        if (refresher != null) {
            return;
        }
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-share");
            thread.setDaemon(true);
            return thread;
        });
        long millis = refreshInterval.toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return refresher != null;
    }

    /** Before Axon's processors start (they start in a later phase) and after they stop. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
