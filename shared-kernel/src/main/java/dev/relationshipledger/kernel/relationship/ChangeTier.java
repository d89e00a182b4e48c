package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** Move the relationship to another tier. */
public record ChangeTier(RelationshipId relationshipId, Tier tier, String reason) implements RelationshipCommand {

    public ChangeTier {
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notNull("tier", tier)
                .notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
