package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** The relationship moved to another tier. */
public record TierChanged(RelationshipId relationshipId, Tier previousTier, Tier tier, String reason) implements RelationshipEvent {

    public TierChanged {
        Check.that().notNull("relationshipId", relationshipId).notNull("previousTier", previousTier)
                .notNull("tier", tier).notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
