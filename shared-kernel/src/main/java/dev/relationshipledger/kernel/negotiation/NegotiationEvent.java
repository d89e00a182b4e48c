package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.message.LedgerEvent;

/** The facts recorded about a negotiation. */
public sealed interface NegotiationEvent extends LedgerEvent
        permits NegotiationOpened, ProposalMade, ApprovalRequested, ApprovalGranted, ApprovalDenied,
        ProposalTermsCorrected, NegotiationConcluded {

    NegotiationId negotiationId();
}
