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
 * commit, after the handler returned), with the position the insert returned ({@link PositionReturningAppends}); the
 * caller reads it once the transaction has committed.
 */
@Configuration(proxyBeanMethods = false)
public class AppendTracking {

    private static final String LAST_APPENDED = AppendTracking.class.getName() + ".lastAppended";

    /**
     * What a command appended last: the aggregate's id, its new version (sequence number of its last event) and the
     * global position of that event.
     */
    public static final class Appended {
        private volatile String aggregateId;
        private volatile long version = -1;
        private volatile long position = -1;

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

        /** The position of the last event appended, or -1 when nothing was. */
        public long position() {
            return position;
        }
    }

    /** Told by the event insert the position of the last event it appended, in the current unit of work. */
    static void positionAppended(long position) {
        if (CurrentUnitOfWork.isStarted()) {
            Appended appended = CurrentUnitOfWork.get().root().getResource(LAST_APPENDED);
            if (appended != null) {
                appended.position = position;
            }
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
