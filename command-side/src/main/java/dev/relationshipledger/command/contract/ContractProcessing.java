package dev.relationshipledger.command.contract;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The contract directory and the negotiation outcomes are checked by commands, so they must never silently fall
 * behind: a failure to update them fails the command that appended the events (Axon would otherwise log and go
 * on). Both groups must also run as subscribing processors (command-side.yml), i.e. in the appending transaction.
 */
@Configuration(proxyBeanMethods = false)
public class ContractProcessing {

    @Autowired
    public void propagateErrors(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(JdbcNegotiationOutcomes.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
        processing.registerListenerInvocationErrorHandler(JdbcContractDirectory.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
