package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** Take back a delegation. */
public record RevokeDelegation(RelationshipId relationshipId, UserName delegate) implements RelationshipCommand {

    public RevokeDelegation {
        Check.that().notNull("relationshipId", relationshipId).notNull("delegate", delegate).done();
    }
}
