package dev.relationshipledger.kernel.relationship;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.Check;

import java.time.Instant;
import java.util.List;

/**
 * Record one interaction with the counterparty. {@code occurredAt} is business time: when it happened, which may
 * be days before it is recorded; it may not lie in the future (checked against the command side's clock).
 */
public record LogContact(RelationshipId relationshipId,
                         ContactId contactId,
                         ContactChannel channel,
                         List<String> participants,
                         String summary,
                         Sentiment sentiment,
                         List<String> followUps,
                         Instant occurredAt) implements RelationshipCommand {

    public static final int MAX_PARTICIPANTS = 50;
    public static final int MAX_FOLLOW_UPS = 20;

    public LogContact {
        summary = Check.trimmed(summary);
        participants = Check.listOf(participants);
        followUps = Check.listOf(followUps);
        sentiment = sentiment == null ? Sentiment.NEUTRAL : sentiment;
        Check.that()
                .notNull("relationshipId", relationshipId)
                .notNull("contactId", contactId)
                .notNull("channel", channel)
                .notBlank("summary", summary, Check.LONG_TEXT)
                .maxSize("participants", participants, MAX_PARTICIPANTS)
                .eachNotBlank("participants", participants, Check.NAME)
                .maxSize("followUps", followUps, MAX_FOLLOW_UPS)
                .eachNotBlank("followUps", followUps, Check.LONG_TEXT)
                .notNull("occurredAt", occurredAt)
                .inLedgerTime("occurredAt", occurredAt)
                .done();
    }
}
