package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/**
 * A person's details were erased (a data subject's right to erasure): their key was destroyed in the transaction
 * that recorded this, so the name, position and email in their {@link CounterpartyPersonAdded} read as
 * {@link CounterpartyPerson#erased} from then on, everywhere. The reason names the request and its legal ground.
 */
public record CounterpartyPersonErased(RelationshipId relationshipId, PersonId personId, String reason)
        implements RelationshipEvent {

    public CounterpartyPersonErased {
        Check.that().notNull("relationshipId", relationshipId).notNull("personId", personId).done();
    }
}
