package dev.relationshipledger.kernel.complaint;

import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.message.LedgerCommand;

/** The commands a complaint accepts. */
public sealed interface ComplaintCommand extends LedgerCommand
        permits FileComplaint, AcknowledgeComplaint, EscalateComplaint, ResolveComplaint, ReopenComplaint,
        WithdrawComplaint, CorrectComplaintDetails, EraseComplaintText {

    ComplaintId complaintId();

    @Override
    default String targetAggregateId() {
        return complaintId().toString();
    }
}
