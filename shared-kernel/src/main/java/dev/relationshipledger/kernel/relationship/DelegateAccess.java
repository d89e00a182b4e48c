package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** Let another relationship manager record on this relationship, e.g. during an absence. */
public record DelegateAccess(RelationshipId relationshipId, UserName delegate) implements RelationshipCommand {

    public DelegateAccess {
        Check.that().notNull("relationshipId", relationshipId).notNull("delegate", delegate).done();
    }
}
