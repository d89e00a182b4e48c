package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** Erase a person's details for good (decision 0019); the reason names the request and its legal ground. */
public record EraseCounterpartyPerson(RelationshipId relationshipId, PersonId personId, String reason)
        implements RelationshipCommand {

    public EraseCounterpartyPerson {
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notNull("personId", personId)
                .notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
