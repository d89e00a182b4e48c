package dev.relationshipledger.command.personaldata;

import dev.relationshipledger.command.idempotency.IdempotencyKeys;
import dev.relationshipledger.kernel.complaint.ComplaintTextErased;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.relationship.ContactTextErased;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonErased;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Destroys a person's key in the transaction that appends their {@link CounterpartyPersonErased}, a contact's in the
 * one that appends its {@link ContactTextErased}, and a complaint's in the one that appends its
 * {@link ComplaintTextErased} (a subscribing processor, command-side.yml): the erasure is
 * recorded exactly when the values become unreadable. A failure fails the erasure command, so an erasure is never
 * recorded with the key still in place. The same transaction forgets the fingerprints of the requests that recorded
 * the values ({@link IdempotencyKeys}), which hash them in clear.
 */
@Component
@ProcessingGroup(KeyDestruction.PROCESSING_GROUP)
public class KeyDestruction {

    public static final String PROCESSING_GROUP = "personal-data-keys";
    private static final Logger LOG = LoggerFactory.getLogger(KeyDestruction.class);

    private final JdbcPersonalDataKeys keys;
    private final IdempotencyKeys idempotencyKeys;

    public KeyDestruction(JdbcPersonalDataKeys keys, IdempotencyKeys idempotencyKeys) {
        this.keys = keys;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Autowired
    public void propagateErrors(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }

    @EventHandler
    void on(CounterpartyPersonErased event) {
        erase(new KeyHolder.Person(event.relationshipId(), event.personId()));
    }

    @EventHandler
    void on(ContactTextErased event) {
        erase(new KeyHolder.Contact(event.relationshipId(), event.contactId()));
    }

    @EventHandler
    void on(ComplaintTextErased event) {
        erase(new KeyHolder.Complaint(event.relationshipId(), event.complaintId()));
    }

    private void erase(KeyHolder holder) {
        boolean destroyed = keys.destroy(holder);
        idempotencyKeys.forgetRequestsRecording(holder);
        if (!destroyed) {
            // Recorded before sealing: the event store keeps the values in clear text (decisions 0019, 0021, 0022).
            LOG.warn("{} had no key: what was recorded of it is in clear text in the event store, and only its readers "
                    + "read it as erased", holder);
        }
    }
}
