package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.message.LedgerEvent;

/** The facts recorded about a complaint; each also names the relationship it was filed against. */
public sealed interface ComplaintEvent extends LedgerEvent
        permits ComplaintFiled, ComplaintAcknowledged, ComplaintEscalated, ComplaintResolved, ComplaintReopened,
        ComplaintWithdrawn, ComplaintDetailsCorrected, ComplaintTextErased {

    ComplaintId complaintId();
}
