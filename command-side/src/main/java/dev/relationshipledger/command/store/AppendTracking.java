package dev.relationshipledger.command.store;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.message.LedgerEvent;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Makes every command answer with what it appended. The command's result becomes an {@link Appended} record that
 * the event bus fills in while it stores the events (Axon intercepts events only when the transaction's unit of work
 * prepares to commit, after the handlers returned), with the positions the insert returned
 * ({@link PositionReturningAppends}); the caller reads it once the transaction has committed.
 *
 * <p>A transaction may hold the events of several commands ({@link GroupCommit}): each event finds its command's
 * record by its {@code causationId}, the id of the command that caused it (every event carries it,
 * {@link EventStoreConfiguration#messageOrigin()}).
 */
@Configuration(proxyBeanMethods = false)
public class AppendTracking {

    private static final String OWN = AppendTracking.class.getName() + ".own";
    private static final String BY_COMMAND = AppendTracking.class.getName() + ".byCommand";

    /**
     * What a command appended last: the aggregate's id, its new version (sequence number of its last event), the
     * global position of that event, and the relationship it belongs to.
     */
    public static final class Appended {
        private volatile String aggregateId;
        private volatile long version = -1;
        private volatile long position = -1;
        private volatile RelationshipId relationshipId;

        void record(String aggregateId, long version, Object event) {
            this.aggregateId = aggregateId;
            this.version = version;
            if (event instanceof LedgerEvent ledgerEvent) {
                this.relationshipId = ledgerEvent.relationshipId();
            }
        }

        void positioned(long position) {
            if (position > this.position) {
                this.position = position;
            }
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

        /** The relationship of the last event appended (a complaint's command names only the complaint). */
        public RelationshipId relationshipId() {
            return relationshipId;
        }

        /** The position of the last event appended, or -1 when nothing was. */
        public long position() {
            return position;
        }
    }

    /** Told by the event insert the positions it drew, one for each event, in the order of the events. */
    static void positionsAppended(List<? extends EventMessage<?>> events, long[] positions) {
        for (int i = 0; i < Math.min(events.size(), positions.length); i++) {
            Appended appended = commandOf(events.get(i));
            if (appended != null) {
                appended.positioned(positions[i]);
            }
        }
    }

    /** What the command handled in this unit of work has appended so far (filled in once its events are stored). */
    public static Appended current(UnitOfWork<?> commandUnitOfWork) {
        return commandUnitOfWork.getResource(OWN);
    }

    /**
     * Runs {@code action} with what the command appended, once its events are stored and before the transaction
     * commits; to be called in the command's own prepare-commit phase, after its events were handed on.
     *
     * <p>A command alone: the store appended them already (its prepare-commit handler was registered when the first
     * event was applied, so it ran first). A command in a group: the group's unit of work appends every member's
     * events in its own prepare-commit, whose handler its first member's hand-over registered; the action follows it.
     * (A command sent from inside another's handler, whose unit of work is nested deeper, would run its action before
     * the append; the ledger sends none with an Idempotency-Key.)
     */
    public static void onceStored(UnitOfWork<?> commandUnitOfWork, Consumer<Appended> action) {
        Appended appended = current(commandUnitOfWork);
        if (appended == null) {
            return;
        }
        if (commandUnitOfWork.isRoot()) {
            action.accept(appended);
        } else {
            commandUnitOfWork.root().onPrepareCommit(root -> action.accept(appended));
        }
    }

    private static Map<String, Appended> byCommand(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().getOrComputeResource(BY_COMMAND, key -> new ConcurrentHashMap<>());
    }

    private static Appended commandOf(EventMessage<?> event) {
        Object command = event.getMetaData().get(EventStoreConfiguration.CAUSATION_ID);
        return command == null || !CurrentUnitOfWork.isStarted() ? null
                : byCommand(CurrentUnitOfWork.get()).get(command.toString());
    }

    @Autowired
    public void register(EventBus eventBus, CommandBus commandBus) {
        eventBus.registerDispatchInterceptor(events -> (index, event) -> {
            if (event instanceof DomainEventMessage<?> domainEvent) {
                Appended appended = commandOf(domainEvent);
                if (appended != null) {
                    appended.record(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber(),
                            domainEvent.getPayload());
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
            unitOfWork.resources().put(OWN, appended);
            byCommand(unitOfWork).put(unitOfWork.getMessage().getIdentifier(), appended);
            interceptorChain.proceed();
            return appended;
        }
    }
}
