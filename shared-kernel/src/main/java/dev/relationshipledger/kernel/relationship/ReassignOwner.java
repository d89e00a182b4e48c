package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** Hand the relationship to another relationship manager (managers and admins only). */
public record ReassignOwner(RelationshipId relationshipId, UserName newOwner, String reason) implements RelationshipCommand {

    public ReassignOwner {
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notNull("newOwner", newOwner)
                .notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
