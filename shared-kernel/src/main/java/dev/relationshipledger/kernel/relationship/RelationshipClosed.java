package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** The relationship was ended. */
public record RelationshipClosed(RelationshipId relationshipId, String reason) implements RelationshipEvent {

    public RelationshipClosed {
        Check.that().notNull("relationshipId", relationshipId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
