package dev.relationshipledger.command.chain;

import dev.relationshipledger.command.chain.proof.SigningKey;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The deployment key, read once at start-up from {@code ledger.chain.signing-key-file} (outside the database). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChainSettings.class)
public class ChainConfiguration {

    @Bean
    DeploymentKey deploymentKey(ChainSettings settings) {
        return new DeploymentKey(settings.signingKey().map(SigningKey::read).orElse(null));
    }
}
