package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** End the relationship; nothing new is recorded on it until it is reopened. */
public record CloseRelationship(RelationshipId relationshipId, String reason) implements RelationshipCommand {

    public CloseRelationship {
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
