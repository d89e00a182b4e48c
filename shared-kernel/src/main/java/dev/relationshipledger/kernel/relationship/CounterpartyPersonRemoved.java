package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** A person no longer represents the counterparty. */
public record CounterpartyPersonRemoved(RelationshipId relationshipId, PersonId personId, String reason) implements RelationshipEvent {

    public CounterpartyPersonRemoved {
        Check.that().notNull("relationshipId", relationshipId).notNull("personId", personId).done();
    }
}
