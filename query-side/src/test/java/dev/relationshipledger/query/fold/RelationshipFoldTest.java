package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.complaint.ComplaintCategory;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.Satisfaction;
import dev.relationshipledger.kernel.complaint.Severity;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RelationshipFoldTest {

    static final RelationshipId ID = RelationshipId.generate();
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    final RelationshipFold fold = new RelationshipFold(new ReputationModelV1());
    long position = 10;

    RelationshipState apply(RelationshipState state, LedgerEvent event, Instant recordedAt) {
        return fold.apply(state, event, EventFacts.of(event, position++, recordedAt)).after();
    }

    RelationshipState opened() {
        return apply(null, new RelationshipOpened(ID, new Counterparty("Acme", CounterpartyKind.CUSTOMER, "retail"),
                UserName.of("rita"), Tier.KEY), T0);
    }

    static ContactLogged contact(Instant occurredAt, Sentiment sentiment) {
        return new ContactLogged(ID, ContactId.generate(), ContactChannel.CALL, List.of(), "call", sentiment,
                List.of(), occurredAt);
    }

    @Test
    void openingStartsAnActiveRelationshipAtNeutralReputation() {
        RelationshipState state = opened();
        assertThat(state.relationshipId()).isEqualTo(ID.toString());
        assertThat(StatusRules.statusAt(state, T0)).isEqualTo(RelationshipStatus.ACTIVE);
        assertThat(state.contactCount()).isZero();
        assertThat(state.reputation().score()).isEqualTo(ReputationModel.NEUTRAL);
        assertThat(state.lastPosition()).isEqualTo(10);
    }

    @Test
    void contactsCountAndTheLatestBusinessTimeWinsEvenWhenBackDated() {
        Instant may = Instant.parse("2026-05-01T10:00:00Z");
        Instant april = Instant.parse("2026-04-01T10:00:00Z");
        RelationshipState state = apply(opened(), contact(may, Sentiment.NEUTRAL), may);
        state = apply(state, contact(april, Sentiment.NEUTRAL), may.plusSeconds(60));
        assertThat(state.contactCount()).isEqualTo(2);
        assertThat(state.lastContactAt()).isEqualTo(may);
        assertThat(state.lastPosition()).isEqualTo(12);
    }

    @Test
    void aSevereOpenComplaintPutsTheRelationshipAtRiskUntilResolved() {
        ComplaintId complaint = ComplaintId.generate();
        RelationshipState state = apply(opened(), new ComplaintFiled(complaint, ID, ComplaintCategory.DELIVERY,
                Severity.HIGH, "late", T0), T0);
        assertThat(StatusRules.statusAt(state, T0)).isEqualTo(RelationshipStatus.AT_RISK);
        assertThat(state.openComplaints()).hasSize(1);
        state = apply(state, new ComplaintResolved(complaint, ID, "refund", null, Satisfaction.SATISFIED), T0);
        assertThat(StatusRules.statusAt(state, T0)).isEqualTo(RelationshipStatus.ACTIVE);
        assertThat(state.openComplaints()).isEmpty();
    }

    @Test
    void reputationIsScoredPerEventExplainedAndBounded() {
        RelationshipState state = opened();
        ComplaintFiled critical = new ComplaintFiled(ComplaintId.generate(), ID, ComplaintCategory.PRODUCT_QUALITY,
                Severity.CRITICAL, "broken", T0);
        RelationshipFold.Step step = fold.apply(state, critical, EventFacts.of(critical, 99, T0));
        assertThat(step.reputationChange()).hasValueSatisfying(change -> {
            assertThat(change.before()).isEqualTo(50);
            assertThat(change.after()).isEqualTo(30);
            assertThat(change.rule()).isEqualTo("complaint-filed-critical");
        });
        for (int i = 0; i < 20; i++) {
            state = apply(state, new ComplaintFiled(ComplaintId.generate(), ID, ComplaintCategory.BILLING,
                    Severity.CRITICAL, "again", T0), T0);
        }
        assertThat(state.reputation().score()).isEqualTo(ReputationModel.MIN);
    }

    /**
     * A correction does not change the score, so a complaint's resolution gives back half of what its filing cost,
     * whatever its severity was corrected to since (a LOW corrected to CRITICAL once gave back 10 for a cost of 2).
     */
    @Test
    void aResolutionGivesBackHalfOfWhatTheFilingCostThoughTheSeverityWasCorrected() {
        ComplaintId complaint = ComplaintId.generate();
        RelationshipState state = apply(opened(), new ComplaintFiled(complaint, ID, ComplaintCategory.DELIVERY,
                Severity.LOW, "late", T0), T0);
        assertThat(state.reputation().score()).isEqualTo(48);
        state = apply(state, new ComplaintDetailsCorrected(complaint, ID, ComplaintCategory.DELIVERY, Severity.CRITICAL,
                "line stopped", "it was worse"), T0);
        assertThat(state.reputation().score()).as("corrections do not score").isEqualTo(48);
        assertThat(StatusRules.statusAt(state, T0)).as("the severity as it stands").isEqualTo(RelationshipStatus.AT_RISK);
        ComplaintResolved resolved = new ComplaintResolved(complaint, ID, "fixed", null, Satisfaction.NEUTRAL);
        RelationshipFold.Step step = fold.apply(state, resolved, EventFacts.of(resolved, 77, T0));
        assertThat(step.reputationChange().orElseThrow().points()).isEqualTo(1);
        assertThat(step.after().reputation().score()).isEqualTo(49);
    }

    /** The at-risk line reads the score as shown: 39.99998 shows as 40.0, and 40.0 is not below 40. */
    @Test
    void theAtRiskLineReadsTheScoreAsShown() {
        RelationshipState s = opened();
        for (double score : new double[]{39.99998, 40.0, 39.994}) {
            RelationshipState scored = new RelationshipState(s.relationshipId(), s.counterpartyName(), s.kind(),
                    s.segment(), s.owner(), s.delegates(), s.tier(), s.closed(), s.openedAt(), s.lastContactAt(),
                    s.contactCount(), s.people(), s.complaints(), s.negotiations(), s.contracts(),
                    new RelationshipState.ReputationState("v1", score, T0), s.lastPosition(), s.lastRecordedAt(),
                    s.latestEffectiveTime(), s.eventCount());
            assertThat(StatusRules.baseStatus(scored)).as("score " + score).isEqualTo(score < 39.995
                    ? RelationshipStatus.AT_RISK : RelationshipStatus.ACTIVE);
        }
    }

    @Test
    void reputationDecaysTowardNeutralWithAHalfLife() {
        RelationshipState state = apply(opened(), contact(T0, Sentiment.VERY_NEGATIVE), T0);
        assertThat(state.reputation().score()).isEqualTo(44);
        Instant later = T0.plus(new ReputationModelV1().halfLife());
        ContactLogged positive = contact(later, Sentiment.POSITIVE);
        RelationshipFold.Step next = fold.apply(state, positive, EventFacts.of(positive, 50, later));
        assertThat(next.reputationChange().orElseThrow().before()).isCloseTo(47, within(0.001));
        assertThat(next.after().reputation().score()).isCloseTo(49, within(0.001));
    }

    @Test
    void dormancyFollowsTheLastContactAndClosingWins() {
        RelationshipState state = apply(opened(), contact(T0, Sentiment.NEUTRAL), T0);
        assertThat(StatusRules.statusAt(state, T0.plus(Duration.ofDays(89)))).isEqualTo(RelationshipStatus.ACTIVE);
        assertThat(StatusRules.statusAt(state, T0.plus(Duration.ofDays(90)))).isEqualTo(RelationshipStatus.DORMANT);
        state = apply(state, new RelationshipClosed(ID, "done"), T0);
        assertThat(StatusRules.statusAt(state, T0.plus(Duration.ofDays(200)))).isEqualTo(RelationshipStatus.CLOSED);
    }

    @Test
    void anOpeningAfterTheInstantAskedKeepsNothingActive() {
        // on the business axis a call back-dated to before the relationship was recorded brings the opening along
        Instant call = Instant.parse("2025-10-01T10:00:00Z");
        RelationshipState state = apply(opened(), contact(call, Sentiment.NEUTRAL), T0.plusSeconds(60));
        assertThat(StatusRules.statusAt(state, call.plus(Duration.ofDays(89)))).isEqualTo(RelationshipStatus.ACTIVE);
        assertThat(StatusRules.statusAt(state, call.plus(Duration.ofDays(90))))
                .as("90 days after the call, before the opening was recorded").isEqualTo(RelationshipStatus.DORMANT);
        assertThat(StatusRules.statusAt(state, T0)).as("the opening counts from when it happened")
                .isEqualTo(RelationshipStatus.ACTIVE);
        assertThat(StatusRules.dormantFrom(state)).as("what the projection stores, asked about now")
                .isEqualTo(T0.plus(StatusRules.DORMANT_AFTER));
        RelationshipState unheard = apply(opened(), new ComplaintFiled(ComplaintId.generate(), ID,
                ComplaintCategory.DELIVERY, Severity.LOW, "late", call), T0.plusSeconds(60));
        assertThat(StatusRules.statusAt(unheard, call.plusSeconds(1)))
                .as("no contact and no opening by then: nothing was heard").isEqualTo(RelationshipStatus.DORMANT);
    }

    @Test
    void ownershipFollowsReassignment() {
        RelationshipState state = apply(opened(), new OwnerReassigned(ID, UserName.of("rita"), UserName.of("ralf"), "x"), T0);
        assertThat(state.owner()).isEqualTo("ralf");
    }

    @Test
    void anEventBeforeTheOpeningIsAnError() {
        assertThatThrownBy(() -> apply(null, contact(T0, Sentiment.NEUTRAL), T0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("precedes the opening");
    }
}
