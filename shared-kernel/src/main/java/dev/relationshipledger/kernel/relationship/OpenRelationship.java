package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** Start keeping the ledger of a counterparty, owned by one relationship manager. */
public record OpenRelationship(RelationshipId relationshipId, Counterparty counterparty, UserName owner, Tier tier)
        implements RelationshipCommand {

    public OpenRelationship {
        tier = tier == null ? Tier.STANDARD : tier;
        Check.that()
                .notNull("relationshipId", relationshipId)
                .notNull("counterparty", counterparty)
                .notNull("owner", owner)
                .done();
    }
}
