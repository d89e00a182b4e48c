package dev.relationshipledger.command.store;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Makes every command answer with what it appended. The command's result becomes an {@link Appended} record that
 * the event bus fills in while it stores the events (Axon intercepts events only when the unit of work prepares to
 * commit, after the handler returned); the caller reads it once the transaction has committed and looks up the
 * global position.
 */
@Configuration(proxyBeanMethods = false)
public class AppendTracking {

    private static final String LAST_APPENDED = AppendTracking.class.getName() + ".lastAppended";

    /** What a command appended last: the aggregate's id and its new version (sequence number of its last event). */
    public static final class Appended {
        private volatile String aggregateId;
        private volatile long version = -1;

        void record(String aggregateId, long version) {
            this.aggregateId = aggregateId;
            this.version = version;
        }

        public boolean anything() {
            return aggregateId != null;
        }

        public String aggregateId() {
            return aggregateId;
        }

        public long version() {
            return version;
        }
    }

    /** What the command being handled in this unit of work has appended so far (filled in at prepare-commit). */
    public static Appended current(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().getResource(LAST_APPENDED);
    }

    @Autowired
    public void register(EventBus eventBus, CommandBus commandBus) {
        eventBus.registerDispatchInterceptor(events -> (index, event) -> {
            if (event instanceof DomainEventMessage<?> domainEvent && CurrentUnitOfWork.isStarted()) {
                Appended appended = CurrentUnitOfWork.get().root().getResource(LAST_APPENDED);
                if (appended != null) {
                    appended.record(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber());
                }
            }
            return event;
        });
        commandBus.registerHandlerInterceptor(new ResultInterceptor());
    }

    private static final class ResultInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                             InterceptorChain interceptorChain) throws Exception {
            Appended appended = new Appended();
            unitOfWork.root().resources().put(LAST_APPENDED, appended);
            interceptorChain.proceed();
            return appended;
        }
    }
}
