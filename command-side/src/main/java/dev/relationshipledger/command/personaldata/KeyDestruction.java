package dev.relationshipledger.command.personaldata;

import dev.relationshipledger.command.idempotency.IdempotencyKeys;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonErased;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Destroys a person's key in the transaction that appends their {@link CounterpartyPersonErased} (a subscribing
 * processor, command-side.yml): the erasure is recorded exactly when the details become unreadable. A failure
 * fails the erasure command, so an erasure is never recorded with the key still in place. The same transaction
 * forgets the fingerprints of the requests that recorded the person ({@link IdempotencyKeys}), which hash their
 * details in clear.
 */
@Component
@ProcessingGroup(KeyDestruction.PROCESSING_GROUP)
public class KeyDestruction {

    public static final String PROCESSING_GROUP = "personal-data-keys";
    private static final Logger LOG = LoggerFactory.getLogger(KeyDestruction.class);

    private final JdbcTemplate jdbc;
    private final IdempotencyKeys idempotencyKeys;

    public KeyDestruction(JdbcTemplate jdbc, IdempotencyKeys idempotencyKeys) {
        this.jdbc = jdbc;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Autowired
    public void propagateErrors(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }

    @EventHandler
    void on(CounterpartyPersonErased event) {
        boolean destroyed = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) ->
                KeyTable.destroy(c, event.relationshipId(), event.personId())));
        idempotencyKeys.forgetRequestsRecording(event.relationshipId().value().toString(), event.personId().value());
        if (!destroyed) {
            // Recorded before the details were sealed: the event store keeps them in clear text (decision 0019).
            LOG.warn("person {} on relationship {} had no key: their details were recorded in clear text and only the "
                    + "read models forget them", event.personId(), event.relationshipId());
        }
    }
}
