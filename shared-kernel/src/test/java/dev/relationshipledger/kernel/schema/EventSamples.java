package dev.relationshipledger.kernel.schema;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonRemoved;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipEvent;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.kernel.relationship.TierChanged;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixed example of every event type, with every field filled. The approval test serializes each and compares it
 * with the approved JSON, so any change to an event's shape is a deliberate, reviewed act.
 */
final class EventSamples {

    static final RelationshipId RELATIONSHIP = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final ContactId CONTACT = ContactId.of("0d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a");
    static final PersonId PERSON = PersonId.of("6a1f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6e");
    static final UserName RITA = UserName.of("rita");
    static final UserName RALF = UserName.of("ralf");
    static final Instant WHEN = Instant.parse("2026-11-20T10:00:00Z");

    /** The sealed event families whose every member must have a sample. */
    static final List<Class<? extends LedgerEvent>> FAMILIES = List.of(RelationshipEvent.class);

    private EventSamples() {
    }

    static Map<Class<?>, LedgerEvent> all() {
        Map<Class<?>, LedgerEvent> samples = new LinkedHashMap<>();
        for (LedgerEvent e : List.of(
                new RelationshipOpened(RELATIONSHIP, new Counterparty("Acme Steel", CounterpartyKind.SUPPLIER, "raw materials"),
                        RITA, Tier.KEY),
                new ContactLogged(RELATIONSHIP, CONTACT, ContactChannel.MEETING, List.of("Jane Doe"), "Quarterly review",
                        Sentiment.POSITIVE, List.of("send minutes"), WHEN),
                new ContactSummaryCorrected(RELATIONSHIP, CONTACT, "Quarterly review, prices raised", "summary incomplete"),
                new CounterpartyPersonAdded(RELATIONSHIP, new CounterpartyPerson(PERSON, "Jane Doe", "Head of purchasing",
                        "jane@acme.example")),
                new CounterpartyPersonRemoved(RELATIONSHIP, PERSON, "left the company"),
                new OwnerReassigned(RELATIONSHIP, RITA, RALF, "regional handover"),
                new TierChanged(RELATIONSHIP, Tier.KEY, Tier.STRATEGIC, "volume doubled"),
                new AccessDelegated(RELATIONSHIP, RALF),
                new DelegationRevoked(RELATIONSHIP, RALF),
                new RelationshipClosed(RELATIONSHIP, "counterparty ceased trading"),
                new RelationshipReopened(RELATIONSHIP, "counterparty restarted"))) {
            samples.put(e.getClass(), e);
        }
        return samples;
    }
}
