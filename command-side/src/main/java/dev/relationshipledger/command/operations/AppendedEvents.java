package dev.relationshipledger.command.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Counts the events this node appended, by event type ({@code ledger_events_appended_total{type}}), once their
 * transaction has committed: a rolled-back append (a refused rule, a lost race) counts nothing. The type is the
 * event's simple class name, a fixed set.
 */
@Configuration(proxyBeanMethods = false)
public class AppendedEvents {

    @Autowired
    public void register(EventBus eventBus, MeterRegistry registry) {
        eventBus.registerDispatchInterceptor(events -> (index, event) -> {
            Counter counter = Counter.builder("ledger.events.appended")
                    .description("Events appended to the event store by this node, by type (after commit)")
                    .tag("type", event.getPayloadType().getSimpleName())
                    .register(registry);
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> counter.increment());
            } else {
                counter.increment();
            }
            return event;
        });
    }
}
