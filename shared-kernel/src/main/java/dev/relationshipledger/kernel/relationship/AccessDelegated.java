package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** Another relationship manager may now record on this relationship. */
public record AccessDelegated(RelationshipId relationshipId, UserName delegate) implements RelationshipEvent {

    public AccessDelegated {
        Check.that().notNull("relationshipId", relationshipId).notNull("delegate", delegate).done();
    }
}
