package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** A closed relationship was taken up again. */
public record RelationshipReopened(RelationshipId relationshipId, String reason) implements RelationshipEvent {

    public RelationshipReopened {
        Check.that().notNull("relationshipId", relationshipId).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
