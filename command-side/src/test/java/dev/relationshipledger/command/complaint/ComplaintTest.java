package dev.relationshipledger.command.complaint;

import dev.relationshipledger.command.access.DirectoryEntry;
import dev.relationshipledger.command.access.UnknownRelationship;
import dev.relationshipledger.command.access.WriteAccess;
import dev.relationshipledger.command.rules.NotPermitted;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.complaint.AcknowledgeComplaint;
import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintCategory;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintEscalated;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintReopened;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.ComplaintTextErased;
import dev.relationshipledger.kernel.complaint.ComplaintWithdrawn;
import dev.relationshipledger.kernel.complaint.CorrectComplaintDetails;
import dev.relationshipledger.kernel.complaint.EraseComplaintText;
import dev.relationshipledger.kernel.complaint.EscalateComplaint;
import dev.relationshipledger.kernel.complaint.FileComplaint;
import dev.relationshipledger.kernel.complaint.ReopenComplaint;
import dev.relationshipledger.kernel.complaint.ResolveComplaint;
import dev.relationshipledger.kernel.complaint.Satisfaction;
import dev.relationshipledger.kernel.complaint.Severity;
import dev.relationshipledger.kernel.complaint.WithdrawComplaint;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.validation.InvalidValue;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComplaintTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final RelationshipId RELATIONSHIP = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final ComplaintId ID = ComplaintId.of("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    static final Instant RECEIVED = NOW.minusSeconds(2 * 24 * 3600);
    static final String LATE = "Second delivery in a row arrived a week late";
    static final Map<String, Object> RITA = actor("rita", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> RALF = actor("ralf", "RELATIONSHIP_MANAGER");
    static final Map<String, Object> MARIA = actor("maria", "MANAGER");
    static final UserName MARIA_NAME = UserName.of("maria");
    static final UserName MORITZ = UserName.of("moritz");

    AggregateTestFixture<Complaint> fixture;
    /** What the directory answers about RELATIONSHIP; tests may change the owner or close it. */
    DirectoryEntry entry;

    static Map<String, Object> actor(String name, String roles) {
        return Map.of(Actor.NAME_KEY, name, Actor.ROLES_KEY, roles);
    }

    @BeforeEach
    void setUp() {
        entry = new DirectoryEntry(RELATIONSHIP, UserName.of("rita"), Set.of(), false);
        fixture = new AggregateTestFixture<>(Complaint.class);
        fixture.registerCommandTargetResolver(new LedgerCommandTargetResolver());
        fixture.registerInjectableResource(new WriteAccess(id -> id.equals(RELATIONSHIP) ? Optional.of(entry) : Optional.empty()));
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Matcher<Throwable> rule(String name) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable e) {
                return e instanceof RuleViolated violated && violated.rule().equals(name);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("RuleViolated " + name);
            }
        };
    }

    static void refused(ResultValidator<Complaint> result, String ruleName) {
        result.expectException(RuleViolated.class).expectException(rule(ruleName)).expectNoEvents();
    }

    static void forbidden(ResultValidator<Complaint> result) {
        result.expectException(NotPermitted.class).expectNoEvents();
    }

    static FileComplaint file(Instant receivedAt) {
        return new FileComplaint(ID, RELATIONSHIP, ComplaintCategory.DELIVERY, Severity.HIGH, LATE, receivedAt);
    }

    static ComplaintFiled filed() {
        return new ComplaintFiled(ID, RELATIONSHIP, ComplaintCategory.DELIVERY, Severity.HIGH, LATE, RECEIVED);
    }

    static ComplaintAcknowledged acknowledged() {
        return new ComplaintAcknowledged(ID, RELATIONSHIP, "called back, apologised");
    }

    static ComplaintEscalated escalated(UserName to) {
        return new ComplaintEscalated(ID, RELATIONSHIP, to, "needs a credit note");
    }

    static ComplaintResolved resolved() {
        return new ComplaintResolved(ID, RELATIONSHIP, "credit note issued", Money.of("250.00", "EUR"), Satisfaction.SATISFIED);
    }

    static ComplaintReopened reopened() {
        return new ComplaintReopened(ID, RELATIONSHIP, "credit note never arrived");
    }

    static ComplaintWithdrawn withdrawn() {
        return new ComplaintWithdrawn(ID, RELATIONSHIP, "customer found the parcel");
    }

    static EscalateComplaint escalate(UserName to) {
        return new EscalateComplaint(ID, to, "needs a credit note");
    }

    static ResolveComplaint resolve() {
        return new ResolveComplaint(ID, "credit note issued", Money.of("250", "eur"), Satisfaction.SATISFIED);
    }

    static ReopenComplaint reopen() {
        return new ReopenComplaint(ID, "credit note never arrived");
    }

    static WithdrawComplaint withdraw() {
        return new WithdrawComplaint(ID, "customer found the parcel");
    }

    static CorrectComplaintDetails raiseSeverity() {
        return new CorrectComplaintDetails(ID, null, Severity.CRITICAL, null, "production line stopped");
    }

    // --- filing ---

    @Test
    void theOwnerFilesABackDatedComplaint() {
        fixture.givenNoPriorActivity()
                .when(file(RECEIVED), RITA)
                .expectSuccessfulHandlerExecution()
                .expectEvents(filed());
    }

    @Test
    void aManagerFilesOnAnyRelationship() {
        fixture.givenNoPriorActivity()
                .when(file(RECEIVED), MARIA)
                .expectEvents(filed());
    }

    @Test
    void aComplaintMayBeFiledOnAClosedRelationship() {
        entry = new DirectoryEntry(RELATIONSHIP, UserName.of("rita"), Set.of(), true);
        fixture.givenNoPriorActivity()
                .when(file(RECEIVED), RITA)
                .expectEvents(filed());
    }

    @Test
    void aDelegateFilesToo() {
        entry = new DirectoryEntry(RELATIONSHIP, UserName.of("rita"), Set.of(UserName.of("ralf")), false);
        fixture.givenNoPriorActivity()
                .when(file(RECEIVED), RALF)
                .expectEvents(filed());
    }

    @Test
    void anotherRelationshipManagerMayNotFile() {
        forbidden(fixture.givenNoPriorActivity().when(file(RECEIVED), RALF));
    }

    @Test
    void aComplaintAgainstAnUnknownRelationshipIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new FileComplaint(ID, RelationshipId.generate(), ComplaintCategory.BILLING, Severity.LOW,
                        "wrong invoice", RECEIVED), RITA)
                .expectException(UnknownRelationship.class)
                .expectNoEvents();
    }

    @Test
    void aComplaintReceivedInTheFutureIsRefused() {
        refused(fixture.givenNoPriorActivity().when(file(NOW.plusSeconds(3600)), RITA),
                "complaint-not-received-in-future");
    }

    @Test
    void aComplaintWithinTheAllowedClockSkewIsAccepted() {
        fixture.givenNoPriorActivity()
                .when(file(NOW.plus(Complaint.CLOCK_SKEW_ALLOWED)), RITA)
                .expectSuccessfulHandlerExecution();
    }

    // --- acknowledging ---

    @Test
    void aFiledComplaintIsAcknowledged() {
        fixture.given(filed())
                .when(new AcknowledgeComplaint(ID, "  called back, apologised "), RITA)
                .expectEvents(acknowledged());
    }

    @Test
    void aComplaintIsAcknowledgedWithoutANote() {
        fixture.given(filed())
                .when(new AcknowledgeComplaint(ID, " "), RITA)
                .expectEvents(new ComplaintAcknowledged(ID, RELATIONSHIP, null));
    }

    @Test
    void aComplaintIsAcknowledgedOnlyOnce() {
        refused(fixture.given(filed(), acknowledged()).when(new AcknowledgeComplaint(ID, null), RITA),
                "complaint-acknowledged-once");
    }

    @Test
    void aReopenedComplaintIsNotAcknowledgedAgain() {
        refused(fixture.given(filed(), acknowledged(), resolved(), reopened())
                .when(new AcknowledgeComplaint(ID, null), RITA), "complaint-acknowledged-once");
    }

    @Test
    void aWithdrawnComplaintIsNotAcknowledged() {
        refused(fixture.given(filed(), withdrawn()).when(new AcknowledgeComplaint(ID, null), RITA),
                "complaint-not-withdrawn");
    }

    @Test
    void anotherRelationshipManagerMayNotAcknowledge() {
        forbidden(fixture.given(filed()).when(new AcknowledgeComplaint(ID, null), RALF));
    }

    @Test
    void everyCommandChecksTheCurrentOwnerNotTheOneAtFiling() {
        entry = new DirectoryEntry(RELATIONSHIP, UserName.of("ralf"), Set.of(), false);
        forbidden(fixture.given(filed()).when(new AcknowledgeComplaint(ID, null), RITA));
    }

    @Test
    void anUnknownComplaintIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new AcknowledgeComplaint(ID, null), RITA)
                .expectException(AggregateNotFoundException.class);
    }

    // --- escalating ---

    @Test
    void anAcknowledgedComplaintIsEscalated() {
        fixture.given(filed(), acknowledged())
                .when(escalate(MARIA_NAME), RITA)
                .expectEvents(escalated(MARIA_NAME));
    }

    @Test
    void anEscalatedComplaintIsEscalatedFurtherToSomeoneNew() {
        fixture.given(filed(), acknowledged(), escalated(MARIA_NAME))
                .when(escalate(MORITZ), MARIA)
                .expectEvents(escalated(MORITZ));
    }

    @Test
    void aReopenedComplaintIsEscalatedAgainEvenToTheSamePerson() {
        fixture.given(filed(), acknowledged(), escalated(MARIA_NAME), resolved(), reopened())
                .when(escalate(MARIA_NAME), RITA)
                .expectEvents(escalated(MARIA_NAME));
    }

    @Test
    void aComplaintIsNotEscalatedBeforeItIsAcknowledged() {
        refused(fixture.given(filed()).when(escalate(MARIA_NAME), RITA), "complaint-acknowledged-first");
    }

    @Test
    void aResolvedComplaintIsNotEscalated() {
        refused(fixture.given(filed(), acknowledged(), resolved()).when(escalate(MARIA_NAME), RITA), "complaint-open");
    }

    @Test
    void aWithdrawnComplaintIsNotEscalated() {
        refused(fixture.given(filed(), acknowledged(), withdrawn()).when(escalate(MARIA_NAME), RITA),
                "complaint-not-withdrawn");
    }

    @Test
    void nobodyEscalatesToThemselves() {
        refused(fixture.given(filed(), acknowledged()).when(escalate(UserName.of("rita")), RITA),
                "escalates-to-someone-else");
    }

    @Test
    void anEscalationGoesToSomeoneNew() {
        refused(fixture.given(filed(), acknowledged(), escalated(MARIA_NAME)).when(escalate(MARIA_NAME), RITA),
                "escalates-to-someone-new");
    }

    @Test
    void anotherRelationshipManagerMayNotEscalate() {
        forbidden(fixture.given(filed(), acknowledged()).when(escalate(MARIA_NAME), RALF));
    }

    // --- resolving ---

    @Test
    void anAcknowledgedComplaintIsResolvedWithCompensationAndSatisfaction() {
        fixture.given(filed(), acknowledged())
                .when(resolve(), RITA)
                .expectEvents(resolved());
    }

    @Test
    void anEscalatedComplaintIsResolvedWithoutCompensationOrSatisfaction() {
        fixture.given(filed(), acknowledged(), escalated(MARIA_NAME))
                .when(new ResolveComplaint(ID, "apology accepted", null, null), MARIA)
                .expectEvents(new ComplaintResolved(ID, RELATIONSHIP, "apology accepted", null, null));
    }

    @Test
    void aReopenedComplaintIsResolvedAgain() {
        fixture.given(filed(), acknowledged(), resolved(), reopened())
                .when(resolve(), RITA)
                .expectEvents(resolved());
    }

    @Test
    void aComplaintIsNotResolvedBeforeItIsAcknowledged() {
        refused(fixture.given(filed()).when(resolve(), RITA), "complaint-acknowledged-first");
    }

    @Test
    void aResolvedComplaintIsNotResolvedAgain() {
        refused(fixture.given(filed(), acknowledged(), resolved()).when(resolve(), RITA), "complaint-open");
    }

    @Test
    void aWithdrawnComplaintIsNotResolved() {
        refused(fixture.given(filed(), acknowledged(), withdrawn()).when(resolve(), RITA), "complaint-not-withdrawn");
    }

    @Test
    void anotherRelationshipManagerMayNotResolve() {
        forbidden(fixture.given(filed(), acknowledged()).when(resolve(), RALF));
    }

    // --- reopening ---

    @Test
    void aResolvedComplaintIsReopened() {
        fixture.given(filed(), acknowledged(), resolved())
                .when(reopen(), RITA)
                .expectEvents(reopened());
    }

    @Test
    void onlyAResolvedComplaintIsReopened() {
        refused(fixture.given(filed(), acknowledged()).when(reopen(), RITA), "reopens-a-resolved-complaint");
        refused(fixture.given(filed(), acknowledged(), resolved(), reopened()).when(reopen(), RITA),
                "reopens-a-resolved-complaint");
    }

    @Test
    void aWithdrawnComplaintIsNotReopened() {
        refused(fixture.given(filed(), withdrawn()).when(reopen(), RITA), "complaint-not-withdrawn");
    }

    @Test
    void anotherRelationshipManagerMayNotReopen() {
        forbidden(fixture.given(filed(), acknowledged(), resolved()).when(reopen(), RALF));
    }

    // --- withdrawing ---

    @Test
    void aFiledComplaintIsWithdrawn() {
        fixture.given(filed())
                .when(withdraw(), RITA)
                .expectEvents(withdrawn());
    }

    @Test
    void anEscalatedOrReopenedComplaintIsWithdrawn() {
        fixture.given(filed(), acknowledged(), escalated(MARIA_NAME))
                .when(withdraw(), RITA)
                .expectEvents(withdrawn());
        fixture.given(filed(), acknowledged(), resolved(), reopened())
                .when(withdraw(), RITA)
                .expectEvents(withdrawn());
    }

    @Test
    void aResolvedComplaintIsNotWithdrawn() {
        refused(fixture.given(filed(), acknowledged(), resolved()).when(withdraw(), RITA), "withdraws-an-open-complaint");
    }

    @Test
    void aComplaintIsWithdrawnOnce() {
        refused(fixture.given(filed(), withdrawn()).when(withdraw(), RITA), "complaint-not-withdrawn");
    }

    @Test
    void anotherRelationshipManagerMayNotWithdraw() {
        forbidden(fixture.given(filed()).when(withdraw(), RALF));
    }

    // --- correcting ---

    @Test
    void aCorrectionCarriesTheCompleteCorrectedDetails() {
        fixture.given(filed())
                .when(raiseSeverity(), RITA)
                .expectEvents(new ComplaintDetailsCorrected(ID, RELATIONSHIP, ComplaintCategory.DELIVERY,
                        Severity.CRITICAL, LATE, "production line stopped"));
    }

    @Test
    void aLaterCorrectionBuildsOnTheEarlierOneEvenAfterResolution() {
        fixture.given(filed(), acknowledged(), resolved(), new ComplaintDetailsCorrected(ID, RELATIONSHIP,
                        ComplaintCategory.DELIVERY, Severity.CRITICAL, LATE, "production line stopped"))
                .when(new CorrectComplaintDetails(ID, ComplaintCategory.PRODUCT_QUALITY, null, "  Parts were damaged ",
                        "it was the packaging, not the carrier"), MARIA)
                .expectEvents(new ComplaintDetailsCorrected(ID, RELATIONSHIP, ComplaintCategory.PRODUCT_QUALITY,
                        Severity.CRITICAL, "Parts were damaged", "it was the packaging, not the carrier"));
    }

    @Test
    void aCorrectionThatChangesNothingIsRefused() {
        refused(fixture.given(filed()).when(new CorrectComplaintDetails(ID, ComplaintCategory.DELIVERY, Severity.HIGH,
                LATE, "typo"), RITA), "correction-changes-details");
    }

    @Test
    void aWithdrawnComplaintIsNotCorrected() {
        refused(fixture.given(filed(), withdrawn()).when(raiseSeverity(), RITA), "complaint-not-withdrawn");
    }

    @Test
    void anotherRelationshipManagerMayNotCorrect() {
        forbidden(fixture.given(filed()).when(raiseSeverity(), RALF));
    }

    @Test
    void aCorrectionNamesSomethingToCorrectAndAReason() {
        assertThatThrownBy(() -> new CorrectComplaintDetails(ID, null, null, null, "why"))
                .isInstanceOf(InvalidValue.class)
                .hasMessageContaining("at least one of category, severity or description");
        assertThatThrownBy(() -> new CorrectComplaintDetails(ID, null, null, "  ", "why"))
                .hasMessageContaining("description: must not be blank");
        assertThatThrownBy(() -> new CorrectComplaintDetails(ID, null, Severity.LOW, null, " "))
                .hasMessageContaining("reason");
    }

    // --- erasing what it says (decision 0022) ---

    static final Map<String, Object> CARL = actor("carl", "COMPLIANCE_OFFICER");
    static final String REQUEST = "erasure request DSR-2026-0151 (GDPR Art. 17)";

    static EraseComplaintText erase() {
        return new EraseComplaintText(ID, REQUEST);
    }

    static ComplaintTextErased textErased() {
        return new ComplaintTextErased(ID, RELATIONSHIP, REQUEST);
    }

    @Test
    void aComplianceOfficerErasesWhatAResolvedComplaintSaysWithoutRecordingRights() {
        fixture.given(filed(), acknowledged(), resolved())
                .when(erase(), CARL)
                .expectEvents(textErased());
    }

    @Test
    void aWithdrawnComplaintIsErasedToo() {
        fixture.given(filed(), withdrawn()).when(erase(), CARL).expectEvents(textErased());
    }

    @Test
    void anOpenComplaintIsNotErased() {
        refused(fixture.given(filed(), acknowledged()).when(erase(), CARL), "erases-a-closed-complaint");
        refused(fixture.given(filed(), acknowledged(), resolved(), reopened()).when(erase(), CARL),
                "erases-a-closed-complaint");
    }

    @Test
    void onlyAComplianceOfficerErases() {
        forbidden(fixture.given(filed(), acknowledged(), resolved()).when(erase(), RITA));
        forbidden(fixture.given(filed(), acknowledged(), resolved()).when(erase(), MARIA));
    }

    @Test
    void whatAComplaintSaysIsErasedOnce() {
        refused(fixture.given(filed(), acknowledged(), resolved(), textErased()).when(erase(), CARL), "erased-once");
    }

    @Test
    void anErasedComplaintIsNeitherReopenedNorCorrected() {
        refused(fixture.given(filed(), acknowledged(), resolved(), textErased()).when(reopen(), RITA),
                "erased-complaint-stays-closed");
        refused(fixture.given(filed(), acknowledged(), resolved(), textErased()).when(raiseSeverity(), RITA),
                "erased-complaint-stays-erased");
    }

    @Test
    void anErasureNamesItsReason() {
        assertThatThrownBy(() -> new EraseComplaintText(ID, " ")).hasMessageContaining("reason");
    }
}
