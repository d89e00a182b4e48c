package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.message.LedgerEvent;

/** The facts recorded about a negotiation. (Sealed once all its events exist.) */
public interface NegotiationEvent extends LedgerEvent {

    NegotiationId negotiationId();
}
