package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.rules.NotPermitted;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.AddCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.ChangeTier;
import dev.relationshipledger.kernel.relationship.CloseRelationship;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.CorrectContactSummary;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonErased;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonRemoved;
import dev.relationshipledger.kernel.relationship.EraseCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.DelegateAccess;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.ReassignOwner;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;
import dev.relationshipledger.kernel.relationship.RemoveCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.ReopenRelationship;
import dev.relationshipledger.kernel.relationship.RevokeDelegation;
import dev.relationshipledger.kernel.relationship.TierChanged;
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
    static final Map<String, Object> ADAM = actor("adam", "ADMIN");
    static final Map<String, Object> CARL = actor("carl", "COMPLIANCE_OFFICER");
    static final UserName RALF_NAME = UserName.of("ralf");
    static final PersonId JANE = PersonId.of("6a1f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6e");
    static final CounterpartyPerson JANE_DOE = new CounterpartyPerson(JANE, "Jane Doe", "Head of purchasing", "jane@acme.example");

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

    @Test
    void aRelationshipManagerNeverRecordsOnAClosedRelationship() {
        fixture.given(opened(), new RelationshipClosed(ID, "merged"))
                .when(contactAt(NOW), RITA)
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void aContactIsLoggedOnlyOnce() {
        fixture.given(opened(), logged())
                .when(contactAt(NOW), RITA)
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void aDelegateRecordsAndLosesTheRightWhenRevoked() {
        fixture.given(opened(), new AccessDelegated(ID, RALF_NAME))
                .when(contactAt(NOW), RALF)
                .expectSuccessfulHandlerExecution();
        fixture.given(opened(), new AccessDelegated(ID, RALF_NAME), new DelegationRevoked(ID, RALF_NAME))
                .when(contactAt(NOW), RALF)
                .expectException(NotPermitted.class);
    }

    @Test
    void aComplianceOfficerRecordsNothing() {
        fixture.given(opened())
                .when(contactAt(NOW), CARL)
                .expectException(NotPermitted.class)
                .expectNoEvents();
    }

    @Test
    void aContactSummaryIsCorrectedWithAReasonAndTheOriginalStays() {
        fixture.given(opened(), logged())
                .when(new CorrectContactSummary(ID, CONTACT, "Quarterly review, pricing raised", "typo"), RITA)
                .expectEvents(new ContactSummaryCorrected(ID, CONTACT, "Quarterly review, pricing raised", "typo"));
    }

    @Test
    void onlyALoggedContactCanBeCorrected() {
        fixture.given(opened())
                .when(new CorrectContactSummary(ID, CONTACT, "x", "typo"), RITA)
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void peopleAreNeitherAddedNorRemovedOnAClosedRelationship() {
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE), new RelationshipClosed(ID, "merged"))
                .when(new RemoveCounterpartyPerson(ID, JANE_DOE.personId(), "left the company"), RITA)
                .expectException(RuleViolated.class)
                .expectNoEvents();
        fixture.given(opened(), new RelationshipClosed(ID, "merged"))
                .when(new AddCounterpartyPerson(ID, JANE_DOE), RITA)
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void aCorrectionIsAllowedOnAClosedRelationship() {
        fixture.given(opened(), logged(), new RelationshipClosed(ID, "merged"))
                .when(new CorrectContactSummary(ID, CONTACT, "fixed", "typo"), RITA)
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void peopleAreAddedOnceAndRemovedWhenKnown() {
        fixture.given(opened())
                .when(new AddCounterpartyPerson(ID, JANE_DOE), RITA)
                .expectEvents(new CounterpartyPersonAdded(ID, JANE_DOE));
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE))
                .when(new AddCounterpartyPerson(ID, JANE_DOE), RITA)
                .expectException(RuleViolated.class);
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE))
                .when(new RemoveCounterpartyPerson(ID, JANE, "left the company"), RITA)
                .expectEvents(new CounterpartyPersonRemoved(ID, JANE, "left the company"));
        fixture.given(opened())
                .when(new RemoveCounterpartyPerson(ID, JANE, "left"), RITA)
                .expectException(RuleViolated.class);
    }

    @Test
    void complianceOfficersEraseAPersonsDetailsOnceEvenAfterTheyLeftOrTheRelationshipClosed() {
        String reason = "erasure request DSR-7 (GDPR Art. 17)";
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE))
                .when(new EraseCounterpartyPerson(ID, JANE, reason), CARL)
                .expectEvents(new CounterpartyPersonErased(ID, JANE, reason));
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE),
                        new CounterpartyPersonRemoved(ID, JANE, "left the company"), new RelationshipClosed(ID, "merged"))
                .when(new EraseCounterpartyPerson(ID, JANE, reason), CARL)
                .expectEvents(new CounterpartyPersonErased(ID, JANE, reason));
        for (Map<String, Object> notCompliance : List.of(RITA, MARIA, ADAM)) {
            fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE))
                    .when(new EraseCounterpartyPerson(ID, JANE, reason), notCompliance)
                    .expectException(NotPermitted.class);
        }
        fixture.given(opened())
                .when(new EraseCounterpartyPerson(ID, JANE, reason), CARL)
                .expectException(RuleViolated.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("was ever recorded"));
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE), new CounterpartyPersonErased(ID, JANE, reason))
                .when(new EraseCounterpartyPerson(ID, JANE, reason), CARL)
                .expectException(RuleViolated.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already erased"));
    }

    @Test
    void anErasedPersonIsNoLongerKnownAndNeverRecordedAgainUnderTheirId() {
        var erased = new CounterpartyPersonErased(ID, JANE, "DSR-7");
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE), erased)
                .when(new RemoveCounterpartyPerson(ID, JANE, "left"), RITA)
                .expectException(RuleViolated.class);
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE), erased)
                .when(new AddCounterpartyPerson(ID, JANE_DOE), RITA)
                .expectException(RuleViolated.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("under a new id"));
        PersonId janeAgain = PersonId.of("7b2f3e2d-4c5b-4a69-8d7e-1f2a3b4c5d6f");
        CounterpartyPerson again = new CounterpartyPerson(janeAgain, "Jane Doe", null, null);
        fixture.given(opened(), new CounterpartyPersonAdded(ID, JANE_DOE), erased)
                .when(new AddCounterpartyPerson(ID, again), RITA)
                .expectEvents(new CounterpartyPersonAdded(ID, again));
    }

    @Test
    void managersAndAdminsReassignOwnersRelationshipManagersDoNot() {
        fixture.given(opened())
                .when(new ReassignOwner(ID, RALF_NAME, "rita moves to another region"), MARIA)
                .expectEvents(new OwnerReassigned(ID, UserName.of("rita"), RALF_NAME, "rita moves to another region"));
        fixture.given(opened())
                .when(new ReassignOwner(ID, RALF_NAME, "holiday"), ADAM)
                .expectSuccessfulHandlerExecution();
        fixture.given(opened())
                .when(new ReassignOwner(ID, RALF_NAME, "mine now"), RITA)
                .expectException(NotPermitted.class);
        fixture.given(opened())
                .when(new ReassignOwner(ID, UserName.of("rita"), "same"), MARIA)
                .expectException(RuleViolated.class);
    }

    @Test
    void afterReassignmentTheFormerOwnerMayNoLongerRecord() {
        fixture.given(opened(), new OwnerReassigned(ID, UserName.of("rita"), RALF_NAME, "handover"))
                .when(contactAt(NOW), RITA)
                .expectException(NotPermitted.class);
    }

    @Test
    void theTierChangesOnlyToAnotherTier() {
        fixture.given(opened())
                .when(new ChangeTier(ID, Tier.STRATEGIC, "grew"), RITA)
                .expectEvents(new TierChanged(ID, Tier.KEY, Tier.STRATEGIC, "grew"));
        fixture.given(opened())
                .when(new ChangeTier(ID, Tier.KEY, "same"), RITA)
                .expectException(RuleViolated.class);
    }

    @Test
    void delegationRules() {
        fixture.given(opened())
                .when(new DelegateAccess(ID, RALF_NAME), RITA)
                .expectEvents(new AccessDelegated(ID, RALF_NAME));
        fixture.given(opened(), new AccessDelegated(ID, RALF_NAME))
                .when(new DelegateAccess(ID, RALF_NAME), RITA)
                .expectException(RuleViolated.class);
        fixture.given(opened())
                .when(new DelegateAccess(ID, UserName.of("rita")), RITA)
                .expectException(RuleViolated.class);
        fixture.given(opened(), new AccessDelegated(ID, RALF_NAME))
                .when(new DelegateAccess(ID, UserName.of("bob")), RALF)
                .expectException(NotPermitted.class);
        fixture.given(opened())
                .when(new RevokeDelegation(ID, RALF_NAME), RITA)
                .expectException(RuleViolated.class);
        fixture.given(opened(), new AccessDelegated(ID, RALF_NAME))
                .when(new RevokeDelegation(ID, RALF_NAME), MARIA)
                .expectEvents(new DelegationRevoked(ID, RALF_NAME));
    }

    @Test
    void closingAndReopening() {
        fixture.given(opened())
                .when(new CloseRelationship(ID, "counterparty ceased trading"), RITA)
                .expectEvents(new RelationshipClosed(ID, "counterparty ceased trading"));
        fixture.given(opened(), new RelationshipClosed(ID, "x"))
                .when(new CloseRelationship(ID, "again"), RITA)
                .expectException(RuleViolated.class);
        fixture.given(opened(), new RelationshipClosed(ID, "x"))
                .when(new ReopenRelationship(ID, "back in business"), RITA)
                .expectEvents(new RelationshipReopened(ID, "back in business"));
        fixture.given(opened())
                .when(new ReopenRelationship(ID, "not closed"), RITA)
                .expectException(RuleViolated.class);
        fixture.given(opened())
                .when(new CloseRelationship(ID, "not mine"), RALF)
                .expectException(NotPermitted.class);
        fixture.given(opened(), new RelationshipClosed(ID, "x"), new RelationshipReopened(ID, "y"))
                .when(contactAt(NOW), RITA)
                .expectSuccessfulHandlerExecution();
    }

    static ContactLogged logged() {
        return new ContactLogged(ID, CONTACT, ContactChannel.MEETING, List.of("Jane Doe"), "Quarterly review",
                Sentiment.POSITIVE, List.of("send minutes"), NOW.minusSeconds(60));
    }
}
