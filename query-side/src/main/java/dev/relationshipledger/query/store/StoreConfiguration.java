package dev.relationshipledger.query.store;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    /** Named in query-side.yml as the sequencing policy of every projection keyed by relationship. */
    @Bean(PerRelationshipSequencing.BEAN)
    public PerRelationshipSequencing perRelationshipSequencing() {
        return new PerRelationshipSequencing();
    }

    /**
     * A pooled processor's segment that receives none of the recent events stores its advanced token only when it
     * extends its claim (Axon's default: every 5 s). Read-your-writes on a whole projection waits for every
     * segment, so idle segments report their progress every {@code ledger.projections.idle-token-interval}.
     */
    @Autowired
    void idleSegmentsReportProgress(EventProcessingConfigurer processing,
                                    @Value("${ledger.projections.idle-token-interval:1s}") Duration interval) {
        processing.registerPooledStreamingEventProcessorConfiguration(
                (configuration, builder) -> builder.claimExtensionThreshold(interval.toMillis()));
    }

    /** "Now" for dormancy and read-your-writes; injected so tests can set it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
