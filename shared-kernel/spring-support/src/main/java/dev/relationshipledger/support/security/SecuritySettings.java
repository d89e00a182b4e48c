package dev.relationshipledger.support.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;

/** How both sides' security filter chains run; their rules stay in each side's SecurityConfiguration. */
@Configuration(proxyBeanMethods = false)
public class SecuritySettings {

    /**
     * No Micrometer observation around every security filter and authentication: the benchmark's profile showed the
     * wrappers in every request's path, and no metric or trace of ours reads them (docs/metrics.md).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The path rules match with Spring's path patterns directly. Otherwise every rule asks Spring MVC's handler
     * mappings which handler the request would reach (MvcRequestMatcher), a second handler lookup on every request,
     * which the benchmark's profile showed; the rules' patterns mean the same either way.
     */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }
}
