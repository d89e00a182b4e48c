package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.message.LedgerEvent;

/** The facts recorded about a relationship itself. */
public sealed interface RelationshipEvent extends LedgerEvent
        permits RelationshipOpened, ContactLogged, CounterpartyPersonAdded, CounterpartyPersonRemoved,
        OwnerReassigned, TierChanged, AccessDelegated, DelegationRevoked, RelationshipClosed, RelationshipReopened,
        ContactSummaryCorrected, CounterpartyPersonErased, ContactTextErased {
}
