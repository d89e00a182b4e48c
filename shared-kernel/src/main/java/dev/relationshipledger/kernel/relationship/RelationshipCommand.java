package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.message.LedgerCommand;

/** The commands a relationship accepts. */
public sealed interface RelationshipCommand extends LedgerCommand
        permits OpenRelationship, LogContact, AddCounterpartyPerson, RemoveCounterpartyPerson, ReassignOwner,
        ChangeTier, DelegateAccess, RevokeDelegation, CloseRelationship, ReopenRelationship, CorrectContactSummary, EraseCounterpartyPerson,
        EraseContactText {

    RelationshipId relationshipId();

    @Override
    default String targetAggregateId() {
        return relationshipId().toString();
    }
}
