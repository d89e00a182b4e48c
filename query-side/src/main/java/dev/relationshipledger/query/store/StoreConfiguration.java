package dev.relationshipledger.query.store;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    /** Named in query-side.yml as the sequencing policy of every projection keyed by relationship. */
    @Bean(PerRelationshipSequencing.BEAN)
    public PerRelationshipSequencing perRelationshipSequencing() {
        return new PerRelationshipSequencing();
    }

    /** "Now" for dormancy and read-your-writes; injected so tests can set it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
