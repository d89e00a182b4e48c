package dev.relationshipledger.command.store;

import dev.relationshipledger.kernel.message.LedgerEvent;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashSet;
import java.util.Set;

/**
 * Events of one relationship are committed in the order of their global positions, on every command node.
 *
 * <p>A relationship's facts come from several aggregates (the relationship, its complaints, negotiations,
 * contracts) that may be changed at the same time. Without coordination, the transaction that drew the lower
 * position can commit after the higher one, and a projection that folds the relationship's events would see them
 * in a different order live than when it is rebuilt from the store — and order matters (reputation decays between
 * events). So before appending, the transaction takes a transaction-scoped PostgreSQL advisory lock on the
 * relationship: a second append to the same relationship draws its position only after the first committed.
 * Appends to different relationships never wait for each other (docs/decisions/0008-relationship-append-order.md).
 */
@Configuration(proxyBeanMethods = false)
public class RelationshipAppendOrder {

    /** First key of the two-part advisory lock, so these locks never collide with anyone else's. */
    static final int LOCK_CLASS = 0x4C454447; // "LEDG"
    private static final String LOCKED = RelationshipAppendOrder.class.getName() + ".locked";

    @Autowired
    public void register(EventBus eventBus, JdbcTemplate jdbc) {
        eventBus.registerDispatchInterceptor(events -> (index, event) -> {
            if (event.getPayload() instanceof LedgerEvent ledgerEvent && CurrentUnitOfWork.isStarted()) {
                UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
                Set<String> locked = unitOfWork.getOrComputeResource(LOCKED, key -> new HashSet<>());
                String relationship = ledgerEvent.relationshipId().toString();
                if (locked.add(relationship)) {
                    jdbc.query("SELECT pg_advisory_xact_lock(?, ?)", rs -> null, LOCK_CLASS, relationship.hashCode());
                }
            }
            return event;
        });
    }
}
