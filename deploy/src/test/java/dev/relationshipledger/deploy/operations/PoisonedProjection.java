package dev.relationshipledger.deploy.operations;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test-only handler in the status projection's processing group that fails on every event of a relationship whose
 * counterparty's name starts with {@link #POISON} while {@link #BROKEN} is set: a deterministic "bug" that real
 * commands can trigger, and that a test can "fix" by clearing the flag. Added to the query side only through
 * {@code spring.main.sources}.
 */
@ProcessingGroup(RelationshipStatusProjection.NAME)
public class PoisonedProjection {

    public static final String POISON = "Poison ";
    public static final AtomicBoolean BROKEN = new AtomicBoolean(true);
    private static final Set<String> POISONED = ConcurrentHashMap.newKeySet();

    @EventHandler
    void on(LedgerEvent event) {
        String id = event.relationshipId().toString();
        if (event instanceof RelationshipOpened opened && opened.counterparty().name().startsWith(POISON)) {
            POISONED.add(id);
        }
        if (BROKEN.get() && POISONED.contains(id)) {
            throw new IllegalStateException("test poison: relationship " + id + " cannot be projected");
        }
    }
}
