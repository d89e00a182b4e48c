package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** A delegate may no longer record on this relationship. */
public record DelegationRevoked(RelationshipId relationshipId, UserName delegate) implements RelationshipEvent {

    public DelegationRevoked {
        Check.that().notNull("relationshipId", relationshipId).notNull("delegate", delegate).done();
    }
}
