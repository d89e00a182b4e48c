package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** A person at the counterparty became known. */
public record CounterpartyPersonAdded(RelationshipId relationshipId, CounterpartyPerson person) implements RelationshipEvent {

    public CounterpartyPersonAdded {
        Check.that().notNull("relationshipId", relationshipId).notNull("person", person).done();
    }
}
