package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** Take up a closed relationship again. */
public record ReopenRelationship(RelationshipId relationshipId, String reason) implements RelationshipCommand {

    public ReopenRelationship {
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
