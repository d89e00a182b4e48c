package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.message.LedgerCommand;

/** The commands a negotiation accepts. */
public sealed interface NegotiationCommand extends LedgerCommand
        permits OpenNegotiation, MakeProposal, RequestApproval, GrantApproval, DenyApproval, ConcludeNegotiation,
        CorrectProposalTerms {

    NegotiationId negotiationId();

    @Override
    default String targetAggregateId() {
        return negotiationId().toString();
    }
}
