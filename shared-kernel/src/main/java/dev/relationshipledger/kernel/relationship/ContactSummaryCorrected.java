package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.message.Correction;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.kernel.validation.Check;

/** The summary of the contact {@code contactId} was corrected; the ContactLogged event it corrects is unchanged. */
public record ContactSummaryCorrected(RelationshipId relationshipId, ContactId contactId, String correctedSummary, String reason) implements RelationshipEvent, Correction {

    public ContactSummaryCorrected {
        Check.that().notNull("relationshipId", relationshipId).notNull("contactId", contactId)
                .notBlank("correctedSummary", correctedSummary, Check.LONG_TEXT)
                .notBlank("reason", reason, Check.LONG_TEXT).done();
    }

    @Override
    public String subject() {
        return Subject.of("contact", contactId);
    }
}
