package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;

/**
 * The one place where events become a relationship's state: plain code, no framework, no database. The status
 * projection folds each new event into the stored view with it; time travel folds a relationship's history with
 * it up to any instant. Two implementations would drift apart; there is one.
 */
public final class RelationshipFold {

    private RelationshipFold() {
    }

    /**
     * Applies one event to the state before it ({@code null} before the relationship was opened) and answers the
     * state after it. Events the view does not depend on leave it unchanged apart from the position.
     */
    public static RelationshipView apply(RelationshipView before, LedgerEvent event, EventFacts facts) {
        if (event instanceof RelationshipOpened opened) {
            return new RelationshipView(opened.relationshipId().toString(), opened.counterparty().name(),
                    opened.counterparty().kind(), opened.counterparty().segment(), opened.owner().value(),
                    opened.tier(), RelationshipStatus.ACTIVE, facts.recordedAt(), null, 0,
                    facts.position(), facts.recordedAt());
        }
        if (before == null) {
            throw new IllegalStateException("event " + event.getClass().getSimpleName() + " at position "
                    + facts.position() + " precedes the opening of relationship " + event.relationshipId());
        }
        RelationshipView after = before;
        if (event instanceof ContactLogged contact) {
            after = after.withContact(contact.occurredAt());
        }
        return after.at(facts);
    }
}
