package dev.relationshipledger.command.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    @Bean
    public WriteAccess writeAccess(RelationshipDirectory directory) {
        return new WriteAccess(directory);
    }
}
