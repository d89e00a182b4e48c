package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** A person no longer represents the counterparty. */
public record RemoveCounterpartyPerson(RelationshipId relationshipId, PersonId personId, String reason) implements RelationshipCommand {

    public RemoveCounterpartyPerson {
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notNull("personId", personId)
                .maxLength("reason", reason, Check.LONG_TEXT).done();
    }
}
