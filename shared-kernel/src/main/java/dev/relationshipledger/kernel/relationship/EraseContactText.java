package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

/** Erase what was said at a contact for good (decision 0021); the reason names the request and its legal ground. */
public record EraseContactText(RelationshipId relationshipId, ContactId contactId, String reason)
        implements RelationshipCommand {

    public EraseContactText {
        reason = Check.trimmed(reason);
        Check.that().notNull("relationshipId", relationshipId).notNull("contactId", contactId)
                .notBlank("reason", reason, Check.LONG_TEXT).done();
    }
}
