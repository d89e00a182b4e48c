package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** Record a person the firm deals with at the counterparty. */
public record AddCounterpartyPerson(RelationshipId relationshipId, CounterpartyPerson person) implements RelationshipCommand {

    public AddCounterpartyPerson {
        Check.that().notNull("relationshipId", relationshipId).notNull("person", person)
                .isTrue(person == null || !CounterpartyPerson.ERASED.equals(person.name()), "name",
                        "is how erased details read; give the person's name")
                .done();
    }
}
