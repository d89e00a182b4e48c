package dev.relationshipledger.query.status;

import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.ReputationModelV1;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class FoldConfiguration {

    /** The fold the live projections use, scoring with the current reputation model. */
    @Bean
    public RelationshipFold relationshipFold() {
        return new RelationshipFold(new ReputationModelV1());
    }
}
