package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.message.BusinessTimed;
import dev.relationshipledger.kernel.message.Subject;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;
import java.util.List;

/** One interaction with the counterparty took place at {@code occurredAt} (business time). */
public record ContactLogged(RelationshipId relationshipId,
                            ContactId contactId,
                            ContactChannel channel,
                            List<String> participants,
                            String summary,
                            Sentiment sentiment,
                            List<String> followUps,
                            Instant occurredAt) implements RelationshipEvent, Subject, BusinessTimed {

    public ContactLogged {
        participants = Check.listOf(participants);
        followUps = Check.listOf(followUps);
        Check.that()
                .notNull("relationshipId", relationshipId)
                .notNull("contactId", contactId)
                .notNull("channel", channel)
                .notBlank("summary", summary, Check.LONG_TEXT)
                .notNull("sentiment", sentiment)
                .notNull("occurredAt", occurredAt)
                .done();
    }

    @Override
    public String subject() {
        return Subject.of("contact", contactId);
    }

    @Override
    public Instant businessTime() {
        return occurredAt;
    }
}
