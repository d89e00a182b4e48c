package dev.relationshipledger.query.store;

import dev.relationshipledger.kernel.message.LedgerEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Events of one relationship are handled in order by one segment, whichever aggregate they come from (the
 * relationship itself, its complaints, negotiations, contracts). Axon's default (per aggregate) would let two
 * segments update one relationship's state concurrently and lose one of the updates.
 */
public class PerRelationshipSequencing implements SequencingPolicy<EventMessage<?>> {

    public static final String BEAN = "perRelationshipSequencing";

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        return event.getPayload() instanceof LedgerEvent ledgerEvent
                ? ledgerEvent.relationshipId().toString()
                : event.getIdentifier();
    }
}
