package dev.relationshipledger.command.negotiation;

import dev.relationshipledger.command.access.DirectoryEntry;
import dev.relationshipledger.command.access.UnknownRelationship;
import dev.relationshipledger.command.access.WriteAccess;
import dev.relationshipledger.command.rules.NotPermitted;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.ApprovalDenied;
import dev.relationshipledger.kernel.negotiation.ApprovalGranted;
import dev.relationshipledger.kernel.negotiation.ApprovalRequested;
import dev.relationshipledger.kernel.negotiation.ConcludeNegotiation;
import dev.relationshipledger.kernel.negotiation.CorrectProposalTerms;
import dev.relationshipledger.kernel.negotiation.DenyApproval;
import dev.relationshipledger.kernel.negotiation.GrantApproval;
import dev.relationshipledger.kernel.negotiation.MakeProposal;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationOpened;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.OpenNegotiation;
import dev.relationshipledger.kernel.negotiation.ProposalMade;
import dev.relationshipledger.kernel.negotiation.ProposalTermsCorrected;
import dev.relationshipledger.kernel.negotiation.RequestApproval;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.InvalidValue;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NegotiationTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant GRANTED_AT = NOW.minusSeconds(3600);
    static final NegotiationId ID = NegotiationId.of("6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    static final RelationshipId REL = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final RelationshipId CLOSED_REL = RelationshipId.of("11111111-2222-4333-8444-555555555555");
    static final RelationshipId UNKNOWN_REL = RelationshipId.of("99999999-8888-4777-8666-555555555555");
    static final ProposalId P1 = ProposalId.of("a1000000-0000-4000-8000-000000000001");
    static final ProposalId P2 = ProposalId.of("a2000000-0000-4000-8000-000000000002");
    static final ProposalId P3 = ProposalId.of("a3000000-0000-4000-8000-000000000003");
    static final ApprovalId A1 = ApprovalId.of("b1000000-0000-4000-8000-000000000001");
    static final ApprovalId A2 = ApprovalId.of("b2000000-0000-4000-8000-000000000002");

    static final Map<String, Object> RITA = actor("rita", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> RALF = actor("ralf", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> MARIA = actor("maria", "MANAGER");
    static final Map<String, Object> MONA = actor("mona", "MANAGER");
    static final Map<String, Object> MAX = actor("max", "MANAGER");

    /** Selling: at least 100 EUR a unit, at most 10 % discount, 12 to 36 months; maria or mona approve. */
    static final Mandate MANDATE = new Mandate(Money.of("100", "EUR"), null, new BigDecimal("10"), 12, 36,
            List.of(UserName.of("maria"), UserName.of("mona")));
    static final Terms WITHIN = terms("120", 24, "5");
    static final Terms WITHIN_TOO = terms("110", 24, "5");
    static final Terms BELOW_FLOOR = terms("90", 24, "5");
    static final Terms TOO_LONG = terms("120", 48, "5");
    static final List<String> BELOW_FLOOR_BREACHES = List.of("price 90 below floor 100");

    AggregateTestFixture<Negotiation> fixture;

    static Map<String, Object> actor(String name, String roles) {
        return Map.of(Actor.NAME_KEY, name, Actor.ROLES_KEY, roles);
    }

    static Terms terms(String price, int months, String discount) {
        return new Terms(Money.of(price, "EUR"), new BigDecimal("10"), months, 30, new BigDecimal(discount),
                List.of("delivery DAP Hamburg"));
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Negotiation.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        fixture.registerInjectableResource(new WriteAccess(id -> {
            if (id.equals(UNKNOWN_REL)) {
                return Optional.empty();
            }
            return Optional.of(new DirectoryEntry(id, UserName.of("rita"), Set.of(), id.equals(CLOSED_REL)));
        }));
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    // ---- given events -------------------------------------------------------------------------------------------

    static NegotiationOpened opened() {
        return new NegotiationOpened(ID, REL, "2027 steel supply", MANDATE);
    }

    static ProposalMade made(ProposalId id, Side side, Terms terms, int round) {
        List<String> breaches = MANDATE.breaches(terms);
        return new ProposalMade(ID, REL, id, side, terms, round, breaches.isEmpty(), breaches, null, null, null, NOW);
    }

    static ApprovalRequested requested(ApprovalId id, Terms terms, String by) {
        return new ApprovalRequested(ID, REL, id, terms, "key account, volume justifies it", UserName.of(by),
                MANDATE.breaches(terms));
    }

    static ApprovalGranted granted(ApprovalId id) {
        return new ApprovalGranted(ID, REL, id, UserName.of("maria"), GRANTED_AT, null);
    }

    static NegotiationConcluded walkedAway() {
        return new NegotiationConcluded(ID, REL, NegotiationOutcome.WALKED_AWAY, null, null, "no margin left");
    }

    static MakeProposal propose(ProposalId id, Side side, Terms terms) {
        return new MakeProposal(ID, id, side, terms, null, null);
    }

    static MakeProposal proposeApproved(ProposalId id, Terms terms, ApprovalId approvalId) {
        return new MakeProposal(ID, id, Side.OURS, terms, approvalId, null);
    }

    // ---- matchers on the refusing rule ------------------------------------------------------------------------

    static Matcher<Object> refused(String rule) {
        return ruleMatcher(rule, false);
    }

    static Matcher<Object> forbidden(String rule) {
        return ruleMatcher(rule, true);
    }

    private static Matcher<Object> ruleMatcher(String rule, boolean notPermitted) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof RuleViolated violated && violated.rule().equals(rule)
                        && (item instanceof NotPermitted) == notPermitted;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText((notPermitted ? "NotPermitted" : "RuleViolated") + " by rule " + rule);
            }
        };
    }

    @Nested
    class Opening {

        @Test
        void theOwnerOpensANegotiationWithAMandate() {
            fixture.givenNoPriorActivity()
                    .when(new OpenNegotiation(ID, REL, "  2027 steel supply ", MANDATE), RITA)
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(opened());
        }

        @Test
        void aManagerOpensOneOnAnyRelationship() {
            fixture.givenNoPriorActivity()
                    .when(new OpenNegotiation(ID, REL, "2027 steel supply", MANDATE), MARIA)
                    .expectEvents(opened());
        }

        @Test
        void anotherRelationshipManagerMayNot() {
            fixture.givenNoPriorActivity()
                    .when(new OpenNegotiation(ID, REL, "2027 steel supply", MANDATE), RALF)
                    .expectException(forbidden("owner-or-delegate-records"))
                    .expectNoEvents();
        }

        @Test
        void notOnAClosedRelationship() {
            fixture.givenNoPriorActivity()
                    .when(new OpenNegotiation(ID, CLOSED_REL, "2027 steel supply", MANDATE), RITA)
                    .expectException(refused("relationship-open"))
                    .expectNoEvents();
        }

        @Test
        void notOnAnUnknownRelationship() {
            fixture.givenNoPriorActivity()
                    .when(new OpenNegotiation(ID, UNKNOWN_REL, "2027 steel supply", MANDATE), RITA)
                    .expectException(UnknownRelationship.class)
                    .expectNoEvents();
        }

        @Test
        void aSubjectAndAMandateAreRequired() {
            assertThatThrownBy(() -> new OpenNegotiation(ID, REL, " ", null))
                    .isInstanceOf(InvalidValue.class)
                    .satisfies(e -> assertThat(((InvalidValue) e).violations())
                            .extracting(InvalidValue.Violation::field).containsExactly("subject", "mandate"));
        }
    }

    @Nested
    class Proposals {

        @Test
        void theirProposalIsRecordedWhateverTheMandateSaysAsRoundOne() {
            fixture.given(opened())
                    .when(propose(P1, Side.THEIRS, BELOW_FLOOR), RITA)
                    .expectEvents(new ProposalMade(ID, REL, P1, Side.THEIRS, BELOW_FLOOR, 1, false,
                            BELOW_FLOOR_BREACHES, null, null, null, NOW));
        }

        @Test
        void ourProposalWithinTheMandateIsTheNextRound() {
            fixture.given(opened(), made(P1, Side.THEIRS, BELOW_FLOOR, 1))
                    .when(propose(P2, Side.OURS, WITHIN), RITA)
                    .expectEvents(new ProposalMade(ID, REL, P2, Side.OURS, WITHIN, 2, true, List.of(), null, null,
                            null, NOW));
        }

        @Test
        void aBackDatedProposalKeepsItsBusinessTime() {
            Instant yesterday = NOW.minusSeconds(24 * 3600);
            fixture.given(opened())
                    .when(new MakeProposal(ID, P1, Side.OURS, WITHIN, null, yesterday), RITA)
                    .expectEvents(new ProposalMade(ID, REL, P1, Side.OURS, WITHIN, 1, true, List.of(), null, null,
                            null, yesterday));
        }

        @Test
        void aProposalInTheFutureIsRefused() {
            fixture.given(opened())
                    .when(new MakeProposal(ID, P1, Side.OURS, WITHIN, null, NOW.plusSeconds(3600)), RITA)
                    .expectException(refused("proposal-not-in-future"))
                    .expectNoEvents();
        }

        @Test
        void aProposalWithinTheAllowedClockSkewIsAccepted() {
            fixture.given(opened())
                    .when(new MakeProposal(ID, P1, Side.OURS, WITHIN, null, NOW.plus(Negotiation.CLOCK_SKEW_ALLOWED)), RITA)
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void ourProposalOutsideTheMandateIsRefusedWithoutAnApproval() {
            fixture.given(opened())
                    .when(propose(P1, Side.OURS, BELOW_FLOOR), RITA)
                    .expectException(refused("ours-within-mandate-or-approved"))
                    .expectExceptionMessage("the terms break the mandate (price 90 below floor 100); request an "
                            + "approval for them and name it once granted")
                    .expectNoEvents();
        }

        @Test
        void everyLimitOfTheMandateCounts() {
            fixture.given(opened())
                    .when(propose(P1, Side.OURS, TOO_LONG), RITA)
                    .expectException(refused("ours-within-mandate-or-approved"))
                    .expectNoEvents();
            fixture.given(opened())
                    .when(propose(P1, Side.OURS, terms("120", 24, "12.5")), RITA)
                    .expectException(refused("ours-within-mandate-or-approved"))
                    .expectNoEvents();
        }

        @Test
        void aPriceInAnotherCurrencyThanTheMandatesIsABreach() {
            Terms dollars = new Terms(Money.of("500", "USD"), null, 24, null, null, null);
            fixture.given(opened())
                    .when(propose(P1, Side.OURS, dollars), RITA)
                    .expectException(refused("ours-within-mandate-or-approved"))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("price currency USD differs from the mandate's EUR"))
                    .expectNoEvents();
            fixture.given(opened())
                    .when(propose(P1, Side.THEIRS, dollars), RITA)
                    .expectEvents(new ProposalMade(ID, REL, P1, Side.THEIRS, dollars, 1, false,
                            List.of("price currency USD differs from the mandate's EUR"), null, null, null, NOW));
        }

        @Test
        void termsWithoutADurationBreakAMandateThatLimitsIt() {
            Terms openEnded = new Terms(Money.of("120", "EUR"), null, null, 30, null, null);
            fixture.given(opened())
                    .when(propose(P1, Side.OURS, openEnded), RITA)
                    .expectException(refused("ours-within-mandate-or-approved"))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString(
                            "no duration given; the mandate allows 12 to 36 months"))
                    .expectNoEvents();
            fixture.given(opened())
                    .when(propose(P1, Side.THEIRS, openEnded), RITA)
                    .expectEvents(new ProposalMade(ID, REL, P1, Side.THEIRS, openEnded, 1, false,
                            List.of("no duration given; the mandate allows 12 to 36 months"), null, null, null, NOW));
            List<UserName> approvers = List.of(UserName.of("maria"));
            assertThat(new Mandate(null, null, null, null, 36, approvers).breaches(openEnded))
                    .containsExactly("no duration given; the mandate allows at most 36 months");
            assertThat(new Mandate(null, null, null, 12, null, approvers).breaches(openEnded))
                    .containsExactly("no duration given; the mandate allows at least 12 months");
            Mandate noDurationLimit = new Mandate(Money.of("100", "EUR"), null, null, null, null, approvers);
            fixture.given(new NegotiationOpened(ID, REL, "2027 steel supply", noDurationLimit))
                    .when(propose(P1, Side.OURS, openEnded), RITA)
                    .expectEvents(new ProposalMade(ID, REL, P1, Side.OURS, openEnded, 1, true, List.of(), null, null,
                            null, NOW));
        }

        @Test
        void aProposalIsRecordedOnce() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1))
                    .when(propose(P1, Side.OURS, WITHIN_TOO), RITA)
                    .expectException(refused("proposal-made-once"))
                    .expectNoEvents();
        }

        @Test
        void aNegotiationHoldsABoundedNumberOfProposals() {
            List<Object> history = new ArrayList<>();
            history.add(opened());
            for (int i = 1; i <= Negotiation.MAX_PROPOSALS; i++) {
                history.add(made(ProposalId.generate(), i % 2 == 0 ? Side.OURS : Side.THEIRS, WITHIN, i));
            }
            fixture.given(history)
                    .when(propose(P1, Side.THEIRS, WITHIN), RITA)
                    .expectException(refused("proposal-limit"))
                    .expectNoEvents();
        }

        @Test
        void aManagerRecordsProposalsButAnotherRelationshipManagerMayNot() {
            fixture.given(opened())
                    .when(propose(P1, Side.THEIRS, WITHIN), MARIA)
                    .expectSuccessfulHandlerExecution();
            fixture.given(opened())
                    .when(propose(P1, Side.THEIRS, WITHIN), RALF)
                    .expectException(forbidden("owner-or-delegate-records"))
                    .expectNoEvents();
        }

        @Test
        void aProposalOnAnUnknownNegotiationIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(propose(P1, Side.THEIRS, WITHIN), RITA)
                    .expectException(AggregateNotFoundException.class);
        }

        @Test
        void nothingIsProposedAfterConclusion() {
            fixture.given(opened(), walkedAway())
                    .when(propose(P1, Side.THEIRS, WITHIN), RITA)
                    .expectException(refused("nothing-after-conclusion"))
                    .expectNoEvents();
        }

        @Test
        void theirProposalNamesNoApproval() {
            assertThatThrownBy(() -> new MakeProposal(ID, P1, Side.THEIRS, WITHIN, A1, null))
                    .isInstanceOf(InvalidValue.class)
                    .hasMessageContaining("approvalId");
        }
    }

    @Nested
    class TheApprovalPath {

        @Test
        void outsideTheMandateIsRefusedThenRequestedGrantedAndProposedWithWhoApprovedAndWhen() {
            fixture.given(opened())
                    .when(propose(P1, Side.OURS, BELOW_FLOOR), RITA)
                    .expectException(refused("ours-within-mandate-or-approved"));

            fixture.given(opened())
                    .when(new RequestApproval(ID, A1, BELOW_FLOOR, " key account, volume justifies it "), RITA)
                    .expectEvents(requested(A1, BELOW_FLOOR, "rita"));

            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"))
                    .when(new GrantApproval(ID, A1, "ok for this round"), MARIA)
                    .expectEvents(new ApprovalGranted(ID, REL, A1, UserName.of("maria"), NOW, "ok for this round"));

            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(proposeApproved(P1, BELOW_FLOOR, A1), RITA)
                    .expectEvents(new ProposalMade(ID, REL, P1, Side.OURS, BELOW_FLOOR, 1, false,
                            BELOW_FLOOR_BREACHES, A1, UserName.of("maria"), GRANTED_AT, NOW));
        }

        @Test
        void theApprovedTermsCompareByValue() {
            Terms sameWithOtherScale = new Terms(Money.of("90.00", "EUR"), new BigDecimal("10.0"), 24, 30,
                    new BigDecimal("5.00"), List.of("delivery DAP Hamburg"));
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(proposeApproved(P1, sameWithOtherScale, A1), RITA)
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void anApprovalIsUsedOnce() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1),
                            new ProposalMade(ID, REL, P1, Side.OURS, BELOW_FLOOR, 1, false, BELOW_FLOOR_BREACHES, A1,
                                    UserName.of("maria"), GRANTED_AT, NOW))
                    .when(proposeApproved(P2, BELOW_FLOOR, A1), RITA)
                    .expectException(refused("approval-used-once"))
                    .expectNoEvents();
        }

        @Test
        void anApprovalCoversOnlyTheTermsItWasGrantedFor() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(proposeApproved(P1, terms("80", 24, "5"), A1), RITA)
                    .expectException(refused("approval-covers-these-terms"))
                    .expectNoEvents();
        }

        @Test
        void aPendingDeniedOrUnknownApprovalCoversNothing() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"))
                    .when(proposeApproved(P1, BELOW_FLOOR, A1), RITA)
                    .expectException(refused("approval-granted"))
                    .expectNoEvents();
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"),
                            new ApprovalDenied(ID, REL, A1, UserName.of("maria"), GRANTED_AT, "too cheap"))
                    .when(proposeApproved(P1, BELOW_FLOOR, A1), RITA)
                    .expectException(refused("approval-granted"))
                    .expectNoEvents();
            fixture.given(opened())
                    .when(proposeApproved(P1, BELOW_FLOOR, A2), RITA)
                    .expectException(refused("approval-granted"))
                    .expectNoEvents();
        }

        @Test
        void aProposalIsNotMadeBeforeItsApprovalWasGranted() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(new MakeProposal(ID, P1, Side.OURS, BELOW_FLOOR, A1, GRANTED_AT.minusSeconds(60)), RITA)
                    .expectException(refused("approved-before-made"))
                    .expectNoEvents();
        }
    }

    @Nested
    class RequestingApproval {

        @Test
        void onlyTermsOutsideTheMandateNeedAnApproval() {
            fixture.given(opened())
                    .when(new RequestApproval(ID, A1, WITHIN, "just in case"), RITA)
                    .expectException(refused("approval-for-a-breach"))
                    .expectNoEvents();
        }

        @Test
        void anApprovalIsRequestedOnce() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"))
                    .when(new RequestApproval(ID, A1, TOO_LONG, "longer term"), RITA)
                    .expectException(refused("approval-requested-once"))
                    .expectNoEvents();
        }

        @Test
        void aNegotiationHoldsABoundedNumberOfApprovalRequests() {
            List<Object> history = new ArrayList<>();
            history.add(opened());
            for (int i = 0; i < Negotiation.MAX_APPROVALS; i++) {
                history.add(requested(ApprovalId.generate(), BELOW_FLOOR, "rita"));
            }
            fixture.given(history)
                    .when(new RequestApproval(ID, A1, BELOW_FLOOR, "again"), RITA)
                    .expectException(refused("approval-limit"))
                    .expectNoEvents();
        }

        @Test
        void onlyRecordersRequestAndNotAfterConclusion() {
            fixture.given(opened())
                    .when(new RequestApproval(ID, A1, BELOW_FLOOR, "please"), RALF)
                    .expectException(forbidden("owner-or-delegate-records"))
                    .expectNoEvents();
            fixture.given(opened(), walkedAway())
                    .when(new RequestApproval(ID, A1, BELOW_FLOOR, "please"), RITA)
                    .expectException(refused("nothing-after-conclusion"))
                    .expectNoEvents();
        }

        @Test
        void aJustificationIsRequired() {
            assertThatThrownBy(() -> new RequestApproval(ID, A1, BELOW_FLOOR, "  "))
                    .isInstanceOf(InvalidValue.class).hasMessageContaining("justification");
        }
    }

    @Nested
    class DecidingApproval {

        @Test
        void theRequesterMayNotGrantTheirOwnRequest() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "maria"))
                    .when(new GrantApproval(ID, A1, null), MARIA)
                    .expectException(forbidden("approver-not-requester"))
                    .expectNoEvents();
        }

        @Test
        void anotherListedApproverGrantsWhatAnApproverRequested() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "maria"))
                    .when(new GrantApproval(ID, A1, null), MONA)
                    .expectEvents(new ApprovalGranted(ID, REL, A1, UserName.of("mona"), NOW, null));
        }

        @Test
        void aManagerNotListedInTheMandateMayNotGrant() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"))
                    .when(new GrantApproval(ID, A1, null), MAX)
                    .expectException(forbidden("approver-in-mandate"))
                    .expectNoEvents();
        }

        @Test
        void theOwnerMayNotGrantUnlessListed() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "maria"))
                    .when(new GrantApproval(ID, A1, null), RITA)
                    .expectException(forbidden("approver-in-mandate"))
                    .expectNoEvents();
        }

        @Test
        void anUnknownApprovalIsNotDecided() {
            fixture.given(opened())
                    .when(new GrantApproval(ID, A1, null), MARIA)
                    .expectException(refused("decides-a-requested-approval"))
                    .expectNoEvents();
            fixture.given(opened())
                    .when(new DenyApproval(ID, A1, "no"), MARIA)
                    .expectException(refused("decides-a-requested-approval"))
                    .expectNoEvents();
        }

        @Test
        void anApprovalIsDecidedOnce() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(new GrantApproval(ID, A1, null), MONA)
                    .expectException(refused("approval-decided-once"))
                    .expectNoEvents();
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(new DenyApproval(ID, A1, "changed my mind"), MARIA)
                    .expectException(refused("approval-decided-once"))
                    .expectNoEvents();
        }

        @Test
        void aListedApproverDeniesSayingWhy() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"))
                    .when(new DenyApproval(ID, A1, " margin too thin "), MARIA)
                    .expectEvents(new ApprovalDenied(ID, REL, A1, UserName.of("maria"), NOW, "margin too thin"));
        }

        @Test
        void denyingFollowsTheSameRulesAsGranting() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "maria"))
                    .when(new DenyApproval(ID, A1, "no"), MARIA)
                    .expectException(forbidden("approver-not-requester"))
                    .expectNoEvents();
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"))
                    .when(new DenyApproval(ID, A1, "no"), MAX)
                    .expectException(forbidden("approver-in-mandate"))
                    .expectNoEvents();
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"))
                    .when(new DenyApproval(ID, A1, "no"), RALF)
                    .expectException(forbidden("owner-or-delegate-records"))
                    .expectNoEvents();
        }

        @Test
        void nothingIsDecidedAfterConclusion() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), walkedAway())
                    .when(new GrantApproval(ID, A1, null), MARIA)
                    .expectException(refused("nothing-after-conclusion"))
                    .expectNoEvents();
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), walkedAway())
                    .when(new DenyApproval(ID, A1, "late"), MARIA)
                    .expectException(refused("nothing-after-conclusion"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Corrections {

        static ProposalTermsCorrected corrected(ProposalId id, Side side, Terms from, Terms to) {
            List<String> breaches = MANDATE.breaches(to);
            return new ProposalTermsCorrected(ID, REL, id, side, from, to, "typo in the price", breaches.isEmpty(),
                    breaches, null, null, null);
        }

        @Test
        void theirTermsAreCorrectedWithTheOriginalKept() {
            fixture.given(opened(), made(P1, Side.THEIRS, WITHIN, 1))
                    .when(new CorrectProposalTerms(ID, P1, BELOW_FLOOR, " typo in the price ", null), RITA)
                    .expectEvents(corrected(P1, Side.THEIRS, WITHIN, BELOW_FLOOR));
        }

        @Test
        void aSecondCorrectionStartsFromTheFirst() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1), corrected(P1, Side.OURS, WITHIN, WITHIN_TOO))
                    .when(new CorrectProposalTerms(ID, P1, WITHIN, "typo in the price", null), RITA)
                    .expectEvents(corrected(P1, Side.OURS, WITHIN_TOO, WITHIN));
        }

        @Test
        void ourCorrectedTermsMustStayWithinTheMandate() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1))
                    .when(new CorrectProposalTerms(ID, P1, BELOW_FLOOR, "typo in the price", null), RITA)
                    .expectException(refused("ours-within-mandate-or-approved"))
                    .expectNoEvents();
        }

        @Test
        void orBeCoveredByAnApprovalGrantedForThem() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(new CorrectProposalTerms(ID, P1, BELOW_FLOOR, "typo in the price", A1), RITA)
                    .expectEvents(new ProposalTermsCorrected(ID, REL, P1, Side.OURS, WITHIN, BELOW_FLOOR,
                            "typo in the price", false, BELOW_FLOOR_BREACHES, A1, UserName.of("maria"), GRANTED_AT));
        }

        @Test
        void anApprovalUsedByACorrectionIsUsed() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1), requested(A1, BELOW_FLOOR, "rita"), granted(A1),
                            new ProposalTermsCorrected(ID, REL, P1, Side.OURS, WITHIN, BELOW_FLOOR, "typo", false,
                                    BELOW_FLOOR_BREACHES, A1, UserName.of("maria"), GRANTED_AT))
                    .when(proposeApproved(P2, BELOW_FLOOR, A1), RITA)
                    .expectException(refused("approval-used-once"))
                    .expectNoEvents();
        }

        @Test
        void theApprovalMustBeGrantedForTheCorrectedTerms() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1), requested(A1, TOO_LONG, "rita"), granted(A1))
                    .when(new CorrectProposalTerms(ID, P1, BELOW_FLOOR, "typo", A1), RITA)
                    .expectException(refused("approval-covers-these-terms"))
                    .expectNoEvents();
        }

        @Test
        void theirCorrectionsNameNoApproval() {
            fixture.given(opened(), made(P1, Side.THEIRS, WITHIN, 1), requested(A1, BELOW_FLOOR, "rita"), granted(A1))
                    .when(new CorrectProposalTerms(ID, P1, BELOW_FLOOR, "typo", A1), RITA)
                    .expectException(refused("approval-only-for-ours"))
                    .expectNoEvents();
        }

        @Test
        void onlyAMadeProposalIsCorrected() {
            fixture.given(opened())
                    .when(new CorrectProposalTerms(ID, P1, WITHIN, "typo", null), RITA)
                    .expectException(refused("corrects-a-made-proposal"))
                    .expectNoEvents();
        }

        @Test
        void aCorrectionChangesTheTerms() {
            fixture.given(opened(), made(P1, Side.THEIRS, WITHIN, 1))
                    .when(new CorrectProposalTerms(ID, P1, terms("120.0", 24, "5"), "typo", null), RITA)
                    .expectException(refused("correction-changes-terms"))
                    .expectNoEvents();
        }

        @Test
        void onlyRecordersCorrectAndNotAfterConclusion() {
            fixture.given(opened(), made(P1, Side.THEIRS, WITHIN, 1))
                    .when(new CorrectProposalTerms(ID, P1, WITHIN_TOO, "typo", null), RALF)
                    .expectException(forbidden("owner-or-delegate-records"))
                    .expectNoEvents();
            fixture.given(opened(), made(P1, Side.THEIRS, WITHIN, 1), walkedAway())
                    .when(new CorrectProposalTerms(ID, P1, WITHIN_TOO, "typo", null), RITA)
                    .expectException(refused("nothing-after-conclusion"))
                    .expectNoEvents();
        }

        @Test
        void aReasonIsRequired() {
            assertThatThrownBy(() -> new CorrectProposalTerms(ID, P1, WITHIN, null, null))
                    .isInstanceOf(InvalidValue.class).hasMessageContaining("reason");
        }
    }

    @Nested
    class Conclusion {

        @Test
        void agreedOnTheirProposalWithinTheMandateCarriesItsTerms() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1), made(P2, Side.THEIRS, WITHIN_TOO, 2))
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.AGREED, P2, null), RITA)
                    .expectEvents(new NegotiationConcluded(ID, REL, NegotiationOutcome.AGREED, P2, WITHIN_TOO, null));
        }

        @Test
        void agreedTermsAreTheLastCorrectedOnes() {
            fixture.given(opened(), made(P1, Side.OURS, WITHIN, 1),
                            new ProposalTermsCorrected(ID, REL, P1, Side.OURS, WITHIN, WITHIN_TOO, "typo", true,
                                    List.of(), null, null, null))
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.AGREED, P1, "signed off"), RITA)
                    .expectEvents(new NegotiationConcluded(ID, REL, NegotiationOutcome.AGREED, P1, WITHIN_TOO,
                            "signed off"));
        }

        @Test
        void agreedOnOurApprovedProposalOutsideTheMandate() {
            fixture.given(opened(), requested(A1, BELOW_FLOOR, "rita"), granted(A1),
                            new ProposalMade(ID, REL, P1, Side.OURS, BELOW_FLOOR, 1, false, BELOW_FLOOR_BREACHES, A1,
                                    UserName.of("maria"), GRANTED_AT, NOW))
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.AGREED, P1, null), RITA)
                    .expectEvents(new NegotiationConcluded(ID, REL, NegotiationOutcome.AGREED, P1, BELOW_FLOOR, null));
        }

        @Test
        void theirTermsOutsideTheMandateAreNotAgreedDirectly() {
            fixture.given(opened(), made(P1, Side.THEIRS, BELOW_FLOOR, 1))
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.AGREED, P1, null), RITA)
                    .expectException(refused("agreed-terms-within-mandate"))
                    .expectNoEvents();
        }

        @Test
        void agreedNamesAProposalOfThisNegotiation() {
            fixture.given(opened(), made(P1, Side.THEIRS, WITHIN, 1))
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.AGREED, P3, null), RITA)
                    .expectException(refused("agreed-names-a-proposal"))
                    .expectNoEvents();
        }

        @Test
        void walkedAwayOrLostNameNoProposal() {
            fixture.given(opened())
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.WALKED_AWAY, null, " no margin left "), RITA)
                    .expectEvents(walkedAway());
            fixture.given(opened(), made(P1, Side.THEIRS, WITHIN, 1))
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.LOST, null, "went to a competitor"), MARIA)
                    .expectEvents(new NegotiationConcluded(ID, REL, NegotiationOutcome.LOST, null, null,
                            "went to a competitor"));
        }

        @Test
        void nothingAfterConclusionNotEvenAnotherConclusion() {
            fixture.given(opened(), walkedAway())
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.LOST, null, "again"), RITA)
                    .expectException(refused("nothing-after-conclusion"))
                    .expectNoEvents();
        }

        @Test
        void onlyRecordersConclude() {
            fixture.given(opened())
                    .when(new ConcludeNegotiation(ID, NegotiationOutcome.LOST, null, "lost"), RALF)
                    .expectException(forbidden("owner-or-delegate-records"))
                    .expectNoEvents();
        }

        @Test
        void theCommandSaysWhatEachOutcomeNeeds() {
            assertThatThrownBy(() -> new ConcludeNegotiation(ID, NegotiationOutcome.AGREED, null, null))
                    .isInstanceOf(InvalidValue.class).hasMessageContaining("agreedProposalId");
            assertThatThrownBy(() -> new ConcludeNegotiation(ID, NegotiationOutcome.LOST, P1, "lost"))
                    .isInstanceOf(InvalidValue.class).hasMessageContaining("agreedProposalId");
            assertThatThrownBy(() -> new ConcludeNegotiation(ID, NegotiationOutcome.WALKED_AWAY, null, " "))
                    .isInstanceOf(InvalidValue.class).hasMessageContaining("reason");
        }
    }

    @Test
    void termsCompareByValue() {
        assertThat(Negotiation.sameTerms(WITHIN, terms("120.00", 24, "5.0"))).isTrue();
        assertThat(Negotiation.sameTerms(WITHIN, terms("120", 25, "5"))).isFalse();
        assertThat(Negotiation.sameTerms(WITHIN, new Terms(Money.of("120", "EUR"), new BigDecimal("10"), 24, 30,
                new BigDecimal("5"), List.of()))).isFalse();
    }
}
