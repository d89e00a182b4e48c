package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.rules.NotPermitted;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.OpenRelationship;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

class RelationshipTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final RelationshipId ID = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final Counterparty ACME = new Counterparty("Acme Steel", CounterpartyKind.SUPPLIER, "raw materials");
    static final ContactId CONTACT = ContactId.of("0d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a");
    static final Map<String, Object> RITA = actor("rita", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> RALF = actor("ralf", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> MARIA = actor("maria", "MANAGER");

    AggregateTestFixture<Relationship> fixture;

    static Map<String, Object> actor(String name, String roles) {
        return Map.of(Actor.NAME_KEY, name, Actor.ROLES_KEY, roles);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Relationship.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static RelationshipOpened opened() {
        return new RelationshipOpened(ID, ACME, UserName.of("rita"), Tier.KEY);
    }

    static LogContact contactAt(Instant occurredAt) {
        return new LogContact(ID, CONTACT, ContactChannel.MEETING, List.of("Jane Doe"), "Quarterly review",
                Sentiment.POSITIVE, List.of("send minutes"), occurredAt);
    }

    @Test
    void aRelationshipManagerOpensARelationshipTheyOwn() {
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(ID, ACME, UserName.of("rita"), Tier.KEY), RITA)
                .expectSuccessfulHandlerExecution()
                .expectEvents(opened());
    }

    @Test
    void aManagerOpensARelationshipForSomeoneElse() {
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(ID, ACME, UserName.of("rita"), Tier.KEY), MARIA)
                .expectEvents(opened());
    }

    @Test
    void aRelationshipManagerMayNotOpenOneForSomeoneElse() {
        fixture.givenNoPriorActivity()
                .when(new OpenRelationship(ID, ACME, UserName.of("ralf"), Tier.KEY), RITA)
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void theOwnerLogsABackDatedContact() {
        Instant lastWeek = NOW.minusSeconds(7 * 24 * 3600);
        fixture.given(opened())
                .when(contactAt(lastWeek), RITA)
                .expectEvents(new ContactLogged(ID, CONTACT, ContactChannel.MEETING, List.of("Jane Doe"),
                        "Quarterly review", Sentiment.POSITIVE, List.of("send minutes"), lastWeek));
    }

    @Test
    void aManagerLogsAContactOnAnyRelationship() {
        fixture.given(opened())
                .when(contactAt(NOW), MARIA)
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void anotherRelationshipManagerMayNotLogContacts() {
        fixture.given(opened())
                .when(contactAt(NOW), RALF)
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void aContactInTheFutureIsRefused() {
        fixture.given(opened())
                .when(contactAt(NOW.plusSeconds(3600)), RITA)
                .expectException(RuleViolated.class)
                .expectExceptionMessage("occurredAt lies in the future; a contact is logged after it happened")
                .expectNoEvents();
    }

    @Test
    void aContactWithinTheAllowedClockSkewIsAccepted() {
        fixture.given(opened())
                .when(contactAt(NOW.plus(Relationship.CLOCK_SKEW_ALLOWED)), RITA)
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aContactOnAnUnknownRelationshipIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(contactAt(NOW), RITA)
                .expectException(AggregateNotFoundException.class);
    }
}
