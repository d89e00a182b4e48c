package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.Check;

/** The ledger of a counterparty was started. */
public record RelationshipOpened(RelationshipId relationshipId, Counterparty counterparty, UserName owner, Tier tier)
        implements RelationshipEvent {

    public RelationshipOpened {
        Check.that()
                .notNull("relationshipId", relationshipId)
                .notNull("counterparty", counterparty)
                .notNull("owner", owner)
                .notNull("tier", tier)
                .done();
    }
}
