package dev.relationshipledger.command.contract;

import dev.relationshipledger.command.access.DirectoryEntry;
import dev.relationshipledger.command.access.UnknownReference;
import dev.relationshipledger.command.access.UnknownRelationship;
import dev.relationshipledger.command.access.WriteAccess;
import dev.relationshipledger.command.contract.NegotiationOutcomes.ConcludedNegotiation;
import dev.relationshipledger.command.rules.NotPermitted;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.contract.AmendContract;
import dev.relationshipledger.kernel.contract.ContractAmended;
import dev.relationshipledger.kernel.contract.ContractExpired;
import dev.relationshipledger.kernel.contract.ContractReinstated;
import dev.relationshipledger.kernel.contract.ContractRenewed;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.contract.ContractSuspended;
import dev.relationshipledger.kernel.contract.ContractTerminated;
import dev.relationshipledger.kernel.contract.ExpireContract;
import dev.relationshipledger.kernel.contract.ReinstateContract;
import dev.relationshipledger.kernel.contract.RenewContract;
import dev.relationshipledger.kernel.contract.SignContract;
import dev.relationshipledger.kernel.contract.SuspendContract;
import dev.relationshipledger.kernel.contract.TerminateContract;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.InvalidValue;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final LocalDate TODAY = LocalDate.parse("2026-11-30");
    static final LocalDate STARTS = LocalDate.parse("2026-01-01");
    static final LocalDate ENDS = LocalDate.parse("2026-12-31");
    static final ContractId ID = ContractId.of("7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    static final RelationshipId RELATIONSHIP = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final RelationshipId OTHER_RELATIONSHIP = RelationshipId.of("5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e");
    static final RelationshipId UNKNOWN_RELATIONSHIP = RelationshipId.of("00000000-0000-4000-8000-000000000404");
    static final RelationshipId CLOSED_RELATIONSHIP = RelationshipId.of("00000000-0000-4000-8000-000000000410");
    static final NegotiationId NEGOTIATION = NegotiationId.of("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    static final String TITLE = "Steel supply 2026";
    static final Terms TERMS = new Terms(Money.of("120.50", "EUR"), new BigDecimal("1000"), 12, 30,
            new BigDecimal("2.5"), List.of("delivery within 10 days"));
    static final Terms NEW_TERMS = new Terms(Money.of("118", "EUR"), new BigDecimal("1200"), 12, 45,
            BigDecimal.ZERO, List.of("delivery within 7 days"));
    static final Map<String, Object> RITA = actor("rita", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> RALF = actor("ralf", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> MARIA = actor("maria", "MANAGER");
    static final Map<String, Object> SYSTEM = actor("system", "");

    AggregateTestFixture<Contract> fixture;
    final Map<NegotiationId, ConcludedNegotiation> negotiations = new HashMap<>();

    static Map<String, Object> actor(String name, String roles) {
        return Map.of(Actor.NAME_KEY, name, Actor.ROLES_KEY, roles);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Contract.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        fixture.registerInjectableResource(new WriteAccess(id -> id.equals(UNKNOWN_RELATIONSHIP)
                ? Optional.empty()
                : Optional.of(new DirectoryEntry(id, UserName.of("rita"), Set.of(), id.equals(CLOSED_RELATIONSHIP)))));
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource((NegotiationOutcomes) id -> Optional.ofNullable(negotiations.get(id)));
    }

    static ContractSigned signed() {
        return new ContractSigned(ID, RELATIONSHIP, null, TERMS, STARTS, ENDS, TITLE);
    }

    static ContractSigned signedEnding(LocalDate endsOn) {
        return new ContractSigned(ID, RELATIONSHIP, null, TERMS, STARTS, endsOn, TITLE);
    }

    static ContractSuspended suspended() {
        return new ContractSuspended(ID, RELATIONSHIP, "invoices unpaid");
    }

    static ContractTerminated terminated() {
        return new ContractTerminated(ID, RELATIONSHIP, "breach of delivery terms", TODAY);
    }

    void concluded(RelationshipId relationshipId, NegotiationOutcome outcome, ContractId signedAs) {
        negotiations.put(NEGOTIATION, new ConcludedNegotiation(NEGOTIATION, relationshipId, outcome,
                outcome == NegotiationOutcome.AGREED ? TERMS : null, signedAs));
    }

    static SignContract signFromNegotiation(Terms terms) {
        return new SignContract(ID, RELATIONSHIP, NEGOTIATION, terms, STARTS, ENDS, TITLE);
    }

    /** A refusal by the named business rule (409), not a permission refusal. */
    static Matcher<Throwable> violates(String rule) {
        return refusal(RuleViolated.class, rule);
    }

    /** A permission refusal (403) by the named rule. */
    static Matcher<Throwable> notPermitted() {
        return refusal(NotPermitted.class, "owner-or-delegate-records");
    }

    private static Matcher<Throwable> refusal(Class<? extends RuleViolated> type, String rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item) {
                return item.getClass() == type && rule.equals(((RuleViolated) item).rule());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(type.getSimpleName() + " of rule " + rule);
            }
        };
    }

    // --- signing ---

    @Test
    void theOwnerSignsAContractDirectly() {
        fixture.givenNoPriorActivity()
                .when(new SignContract(ID, RELATIONSHIP, null, TERMS, STARTS, ENDS, "  " + TITLE + " "), RITA)
                .expectSuccessfulHandlerExecution()
                .expectEvents(signed());
    }

    @Test
    void aManagerSignsOnAnyRelationship() {
        fixture.givenNoPriorActivity()
                .when(new SignContract(ID, RELATIONSHIP, null, TERMS, STARTS, ENDS, TITLE), MARIA)
                .expectEvents(signed());
    }

    @Test
    void aBackDatedContractMayBeRecorded() {
        LocalDate start = LocalDate.parse("2019-01-01");
        LocalDate end = LocalDate.parse("2019-12-31");
        fixture.givenNoPriorActivity()
                .when(new SignContract(ID, RELATIONSHIP, null, TERMS, start, end, TITLE), RITA)
                .expectEvents(new ContractSigned(ID, RELATIONSHIP, null, TERMS, start, end, TITLE));
    }

    @Test
    void anotherRelationshipManagerMayNotSign() {
        fixture.givenNoPriorActivity()
                .when(new SignContract(ID, RELATIONSHIP, null, TERMS, STARTS, ENDS, TITLE), RALF)
                .expectException(notPermitted())
                .expectNoEvents();
    }

    @Test
    void signingOnAnUnknownRelationshipIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new SignContract(ID, UNKNOWN_RELATIONSHIP, null, TERMS, STARTS, ENDS, TITLE), RITA)
                .expectException(UnknownRelationship.class)
                .expectNoEvents();
    }

    @Test
    void signingOnAClosedRelationshipIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SignContract(ID, CLOSED_RELATIONSHIP, null, TERMS, STARTS, ENDS, TITLE), RITA)
                .expectException(violates("relationship-open"))
                .expectNoEvents();
    }

    @Test
    void signingFromAnAgreedNegotiationCarriesItsTermsOver() {
        concluded(RELATIONSHIP, NegotiationOutcome.AGREED, null);
        fixture.givenNoPriorActivity()
                .when(signFromNegotiation(null), RITA)
                .expectEvents(new ContractSigned(ID, RELATIONSHIP, NEGOTIATION, TERMS, STARTS, ENDS, TITLE));
    }

    @Test
    void termsGivenWithANegotiationMayRepeatTheAgreedOnes() {
        concluded(RELATIONSHIP, NegotiationOutcome.AGREED, null);
        Terms sameButWrittenDifferently = new Terms(Money.of("120.5000", "eur"), new BigDecimal("1000.00"), 12, 30,
                new BigDecimal("2.50"), List.of("delivery within 10 days"));
        fixture.givenNoPriorActivity()
                .when(signFromNegotiation(sameButWrittenDifferently), RITA)
                .expectEvents(new ContractSigned(ID, RELATIONSHIP, NEGOTIATION, TERMS, STARTS, ENDS, TITLE));
    }

    @Test
    void termsOtherThanTheAgreedOnesAreRefused() {
        concluded(RELATIONSHIP, NegotiationOutcome.AGREED, null);
        fixture.givenNoPriorActivity()
                .when(signFromNegotiation(NEW_TERMS), RITA)
                .expectException(violates(Contract.TERMS_AS_AGREED))
                .expectNoEvents();
    }

    @Test
    void anUnknownNegotiationIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(signFromNegotiation(null), RITA)
                .expectException(UnknownReference.class)
                .expectNoEvents();
    }

    @Test
    void aNegotiationOfAnotherRelationshipIsRefused() {
        concluded(OTHER_RELATIONSHIP, NegotiationOutcome.AGREED, null);
        fixture.givenNoPriorActivity()
                .when(signFromNegotiation(null), RITA)
                .expectException(violates(Contract.NEGOTIATION_OF_THIS_RELATIONSHIP))
                .expectNoEvents();
    }

    @Test
    void aNegotiationNotConcludedAsAgreedIsRefused() {
        concluded(RELATIONSHIP, NegotiationOutcome.WALKED_AWAY, null);
        fixture.givenNoPriorActivity()
                .when(signFromNegotiation(TERMS), RITA)
                .expectException(violates(Contract.NEGOTIATION_AGREED))
                .expectNoEvents();
    }

    @Test
    void aNegotiationBecomesOneContractOnly() {
        concluded(RELATIONSHIP, NegotiationOutcome.AGREED, ContractId.generate());
        fixture.givenNoPriorActivity()
                .when(signFromNegotiation(null), RITA)
                .expectException(violates(Contract.NEGOTIATION_SIGNED_ONCE))
                .expectNoEvents();
    }

    @Test
    void theSigningCommandValidatesItsDates() {
        assertThatThrownBy(() -> new SignContract(ID, RELATIONSHIP, null, TERMS, ENDS, ENDS, TITLE))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("endsOn: must be after startsOn");
        assertThatThrownBy(() -> new SignContract(ID, RELATIONSHIP, null, null, STARTS, ENDS, " "))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).violations())
                        .extracting(InvalidValue.Violation::field).containsExactly("terms", "title"));
        assertThat(new SignContract(ID, RELATIONSHIP, NEGOTIATION, null, STARTS, ENDS, TITLE).terms()).isNull();
    }

    // --- amending ---

    @Test
    void anAmendmentRecordsTheOldAndTheNewTerms() {
        fixture.given(signed())
                .when(new AmendContract(ID, NEW_TERMS, "price review"), RITA)
                .expectEvents(new ContractAmended(ID, RELATIONSHIP, TERMS, NEW_TERMS, "price review"));
    }

    @Test
    void aSecondAmendmentStartsFromTheFirstOnesTerms() {
        fixture.given(signed(), new ContractAmended(ID, RELATIONSHIP, TERMS, NEW_TERMS, "price review"))
                .when(new AmendContract(ID, TERMS, "back to the old price"), RITA)
                .expectEvents(new ContractAmended(ID, RELATIONSHIP, NEW_TERMS, TERMS, "back to the old price"));
    }

    @Test
    void aSuspendedContractMayBeAmended() {
        fixture.given(signed(), suspended())
                .when(new AmendContract(ID, NEW_TERMS, "new payment terms settle the dispute"), RITA)
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void anAmendmentMustChangeTheTerms() {
        fixture.given(signed())
                .when(new AmendContract(ID, TERMS, "no change"), RITA)
                .expectException(violates(Contract.AMENDMENT_CHANGES_TERMS))
                .expectNoEvents();
    }

    @Test
    void anEndedContractIsNotAmended() {
        fixture.given(signed(), terminated())
                .when(new AmendContract(ID, NEW_TERMS, "too late"), RITA)
                .expectException(violates(Contract.CONTRACT_IN_FORCE))
                .expectNoEvents();
    }

    @Test
    void aContractPastItsEndDateIsNotRevivedBeforeTheExpiryCheckRecordsIt() {
        LocalDate lapsed = TODAY.minusDays(1);
        fixture.given(signedEnding(lapsed))
                .when(new RenewContract(ID, TODAY.plusYears(1), null), RITA)
                .expectException(violates(Contract.CONTRACT_NOT_LAPSED))
                .expectNoEvents();
        fixture.given(signedEnding(lapsed))
                .when(new SuspendContract(ID, "invoices unpaid"), RITA)
                .expectException(violates(Contract.CONTRACT_NOT_LAPSED));
        fixture.given(signedEnding(lapsed))
                .when(new AmendContract(ID, NEW_TERMS, "price review"), RITA)
                .expectException(violates(Contract.CONTRACT_NOT_LAPSED));
        fixture.given(signedEnding(lapsed), suspended())
                .when(new ReinstateContract(ID, "paid"), RITA)
                .expectException(violates(Contract.CONTRACT_NOT_LAPSED));
        fixture.given(signedEnding(TODAY))
                .when(new RenewContract(ID, TODAY.plusYears(1), null), RITA)
                .expectSuccessfulHandlerExecution();
        fixture.given(signedEnding(lapsed))
                .when(new ExpireContract(ID), SYSTEM)
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void anotherRelationshipManagerMayNotAmend() {
        fixture.given(signed())
                .when(new AmendContract(ID, NEW_TERMS, "price review"), RALF)
                .expectException(notPermitted())
                .expectNoEvents();
    }

    @Test
    void amendingAnUnknownContractIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new AmendContract(ID, NEW_TERMS, "price review"), RITA)
                .expectException(AggregateNotFoundException.class);
    }

    // --- renewing ---

    @Test
    void aRenewalKeepsTheTermsWhenNoneAreGiven() {
        LocalDate next = LocalDate.parse("2027-12-31");
        fixture.given(signed())
                .when(new RenewContract(ID, next, null), RITA)
                .expectEvents(new ContractRenewed(ID, RELATIONSHIP, ENDS, next, TERMS));
    }

    @Test
    void aRenewalMaySetNewTerms() {
        LocalDate next = LocalDate.parse("2027-12-31");
        fixture.given(signed())
                .when(new RenewContract(ID, next, NEW_TERMS), MARIA)
                .expectEvents(new ContractRenewed(ID, RELATIONSHIP, ENDS, next, NEW_TERMS));
    }

    @Test
    void aRenewedContractAmendsFromItsRenewedTerms() {
        LocalDate next = LocalDate.parse("2027-12-31");
        fixture.given(signed(), new ContractRenewed(ID, RELATIONSHIP, ENDS, next, NEW_TERMS))
                .when(new AmendContract(ID, TERMS, "old price again"), RITA)
                .expectEvents(new ContractAmended(ID, RELATIONSHIP, NEW_TERMS, TERMS, "old price again"));
    }

    @Test
    void aRenewalMustExtendTheTerm() {
        fixture.given(signed())
                .when(new RenewContract(ID, ENDS, null), RITA)
                .expectException(violates(Contract.RENEWAL_EXTENDS_TERM))
                .expectNoEvents();
    }

    @Test
    void aSuspendedContractIsNotRenewed() {
        fixture.given(signed(), suspended())
                .when(new RenewContract(ID, LocalDate.parse("2027-12-31"), null), RITA)
                .expectException(violates(Contract.RENEWS_AN_ACTIVE_CONTRACT))
                .expectNoEvents();
    }

    @Test
    void anExpiredContractIsNotRenewed() {
        LocalDate ended = LocalDate.parse("2026-06-30");
        fixture.given(signedEnding(ended), new ContractExpired(ID, RELATIONSHIP, ended))
                .when(new RenewContract(ID, LocalDate.parse("2027-06-30"), null), RITA)
                .expectException(violates(Contract.CONTRACT_IN_FORCE))
                .expectNoEvents();
    }

    @Test
    void anotherRelationshipManagerMayNotRenew() {
        fixture.given(signed())
                .when(new RenewContract(ID, LocalDate.parse("2027-12-31"), null), RALF)
                .expectException(notPermitted())
                .expectNoEvents();
    }

    // --- suspending and reinstating ---

    @Test
    void anActiveContractIsSuspended() {
        fixture.given(signed())
                .when(new SuspendContract(ID, " invoices unpaid "), RITA)
                .expectEvents(suspended());
    }

    @Test
    void aSuspendedContractIsNotSuspendedAgain() {
        fixture.given(signed(), suspended())
                .when(new SuspendContract(ID, "still unpaid"), RITA)
                .expectException(violates(Contract.SUSPENDS_AN_ACTIVE_CONTRACT))
                .expectNoEvents();
    }

    @Test
    void anEndedContractIsNotSuspended() {
        fixture.given(signed(), terminated())
                .when(new SuspendContract(ID, "invoices unpaid"), RITA)
                .expectException(violates(Contract.CONTRACT_IN_FORCE))
                .expectNoEvents();
    }

    @Test
    void anotherRelationshipManagerMayNotSuspend() {
        fixture.given(signed())
                .when(new SuspendContract(ID, "invoices unpaid"), RALF)
                .expectException(notPermitted())
                .expectNoEvents();
    }

    @Test
    void aSuspendedContractIsReinstated() {
        fixture.given(signed(), suspended())
                .when(new ReinstateContract(ID, "paid in full"), RITA)
                .expectEvents(new ContractReinstated(ID, RELATIONSHIP, "paid in full"));
    }

    @Test
    void anActiveContractIsNotReinstated() {
        fixture.given(signed())
                .when(new ReinstateContract(ID, "paid in full"), RITA)
                .expectException(violates(Contract.REINSTATES_A_SUSPENDED_CONTRACT))
                .expectNoEvents();
    }

    @Test
    void aTerminatedContractIsNotReinstated() {
        fixture.given(signed(), suspended(), terminated())
                .when(new ReinstateContract(ID, "paid in full"), RITA)
                .expectException(violates(Contract.CONTRACT_IN_FORCE))
                .expectNoEvents();
    }

    @Test
    void anotherRelationshipManagerMayNotReinstate() {
        fixture.given(signed(), suspended())
                .when(new ReinstateContract(ID, "paid in full"), RALF)
                .expectException(notPermitted())
                .expectNoEvents();
    }

    @Test
    void aReinstatedContractMaySuspendAgain() {
        fixture.given(signed(), suspended(), new ContractReinstated(ID, RELATIONSHIP, "paid in full"))
                .when(new SuspendContract(ID, "invoices unpaid"), RITA)
                .expectEvents(suspended());
    }

    // --- terminating ---

    @Test
    void anActiveContractIsTerminatedWithABackDatedEffect() {
        LocalDate lastWeek = TODAY.minusDays(7);
        fixture.given(signed())
                .when(new TerminateContract(ID, "breach of delivery terms", lastWeek), RITA)
                .expectEvents(new ContractTerminated(ID, RELATIONSHIP, "breach of delivery terms", lastWeek));
    }

    @Test
    void aSuspendedContractIsTerminated() {
        fixture.given(signed(), suspended())
                .when(new TerminateContract(ID, "breach of delivery terms", TODAY), MARIA)
                .expectEvents(terminated());
    }

    @Test
    void aTerminationTakingEffectInTheFutureIsRefused() {
        fixture.given(signed())
                .when(new TerminateContract(ID, "notice given", TODAY.plusDays(1)), RITA)
                .expectException(violates(Contract.TERMINATION_NOT_IN_FUTURE))
                .expectNoEvents();
    }

    @Test
    void aTerminationMustTakeEffectByTheEndDate() {
        fixture.given(signedEnding(LocalDate.parse("2026-06-30")))
                .when(new TerminateContract(ID, "breach", LocalDate.parse("2026-07-01")), RITA)
                .expectException(violates(Contract.TERMINATION_WITHIN_TERM))
                .expectNoEvents();
    }

    @Test
    void aContractIsTerminatedOnce() {
        fixture.given(signed(), terminated())
                .when(new TerminateContract(ID, "again", TODAY), RITA)
                .expectException(violates(Contract.CONTRACT_IN_FORCE))
                .expectNoEvents();
    }

    @Test
    void anotherRelationshipManagerMayNotTerminate() {
        fixture.given(signed())
                .when(new TerminateContract(ID, "breach", TODAY), RALF)
                .expectException(notPermitted())
                .expectNoEvents();
    }

    // --- expiring ---

    @Test
    void theSystemExpiresAContractTheDayAfterItsEndDate() {
        LocalDate yesterday = TODAY.minusDays(1);
        fixture.given(signedEnding(yesterday))
                .when(new ExpireContract(ID), SYSTEM)
                .expectEvents(new ContractExpired(ID, RELATIONSHIP, yesterday));
    }

    @Test
    void aContractIsInForceOnItsEndDate() {
        fixture.given(signedEnding(TODAY))
                .when(new ExpireContract(ID), SYSTEM)
                .expectException(violates(Contract.EXPIRES_AFTER_END_DATE))
                .expectNoEvents();
    }

    @Test
    void aRenewalPostponesExpiry() {
        LocalDate yesterday = TODAY.minusDays(1);
        fixture.given(signedEnding(yesterday), new ContractRenewed(ID, RELATIONSHIP, yesterday, ENDS, TERMS))
                .when(new ExpireContract(ID), SYSTEM)
                .expectException(violates(Contract.EXPIRES_AFTER_END_DATE))
                .expectNoEvents();
    }

    @Test
    void aSuspendedContractExpiresToo() {
        LocalDate ended = LocalDate.parse("2026-06-30");
        fixture.given(signedEnding(ended), suspended())
                .when(new ExpireContract(ID), SYSTEM)
                .expectEvents(new ContractExpired(ID, RELATIONSHIP, ended));
    }

    @Test
    void aTerminatedContractDoesNotExpire() {
        LocalDate ended = LocalDate.parse("2026-06-30");
        fixture.given(signedEnding(ended), new ContractTerminated(ID, RELATIONSHIP, "breach", STARTS.plusDays(30)))
                .when(new ExpireContract(ID), SYSTEM)
                .expectException(violates(Contract.CONTRACT_IN_FORCE))
                .expectNoEvents();
    }

    @Test
    void aContractExpiresOnce() {
        LocalDate ended = LocalDate.parse("2026-06-30");
        fixture.given(signedEnding(ended), new ContractExpired(ID, RELATIONSHIP, ended))
                .when(new ExpireContract(ID), SYSTEM)
                .expectException(violates(Contract.CONTRACT_IN_FORCE))
                .expectNoEvents();
    }

    @Test
    void theOwnerMayRecordAnExpiryButAnotherRelationshipManagerMayNot() {
        LocalDate ended = LocalDate.parse("2026-06-30");
        fixture.given(signedEnding(ended))
                .when(new ExpireContract(ID), RITA)
                .expectEvents(new ContractExpired(ID, RELATIONSHIP, ended));
        fixture.given(signedEnding(ended))
                .when(new ExpireContract(ID), RALF)
                .expectException(notPermitted())
                .expectNoEvents();
    }

    @Test
    void aUserCalledSystemWithRolesIsNotTheSystem() {
        fixture.given(signedEnding(LocalDate.parse("2026-06-30")))
                .when(new ExpireContract(ID), actor("system", "RELATIONSHIP_MANAGER"))
                .expectException(notPermitted())
                .expectNoEvents();
    }

    @Test
    void termsAreComparedByValue() {
        Terms scaled = new Terms(Money.of("120.5", "EUR"), new BigDecimal("1E+3"), 12, 30, new BigDecimal("2.500"),
                List.of("delivery within 10 days"));
        assertThat(Contract.sameTerms(TERMS, scaled)).isTrue();
        assertThat(Contract.sameTerms(TERMS, NEW_TERMS)).isFalse();
    }
}
