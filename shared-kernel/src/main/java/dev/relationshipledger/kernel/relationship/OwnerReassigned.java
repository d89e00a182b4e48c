package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** The relationship changed hands. */
public record OwnerReassigned(RelationshipId relationshipId, UserName previousOwner, UserName newOwner, String reason) implements RelationshipEvent {

    public OwnerReassigned {
        Check.that().notNull("relationshipId", relationshipId).notNull("previousOwner", previousOwner)
                .notNull("newOwner", newOwner).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
