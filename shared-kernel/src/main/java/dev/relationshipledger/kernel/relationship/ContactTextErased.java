package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.kernel.validation.Check;

/**
 * What was said at a contact was erased (a data subject's right to erasure, decision 0021): the contact's key was
 * destroyed in the transaction that recorded this, so the participants, summary and follow-ups of its
 * {@link ContactLogged}, and every {@link ContactSummaryCorrected} of it, read as erased from then on, everywhere.
 * The contact itself stays: when, by which channel, with what sentiment. The reason names the request and its legal
 * ground.
 */
public record ContactTextErased(RelationshipId relationshipId, ContactId contactId, String reason)
        implements RelationshipEvent, Subject {

    public ContactTextErased {
        Check.that().notNull("relationshipId", relationshipId).notNull("contactId", contactId).done();
    }

    @Override
    public String subject() {
        return Subject.of("contact", contactId);
    }
}
