package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** Correct the summary of a logged contact; the original stays in the ledger beside the correction. */
public record CorrectContactSummary(RelationshipId relationshipId, ContactId contactId, String correctedSummary, String reason) implements RelationshipCommand {

    public CorrectContactSummary {
        correctedSummary = Check.trimmed(correctedSummary);
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notNull("contactId", contactId)
                .notBlank("correctedSummary", correctedSummary, Check.LONG_TEXT)
                .notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
