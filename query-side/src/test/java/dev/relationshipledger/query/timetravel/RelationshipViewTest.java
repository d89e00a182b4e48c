package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.query.fold.EventFacts;
import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.fold.ReputationModelV1;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RelationshipViewTest {

    static final RelationshipId ID = RelationshipId.generate();
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void theViewShowsTheScoreAsTheSummaryDoesNotTheFoldsFloatingPointNoise() {
        RelationshipFold fold = new RelationshipFold(new ReputationModelV1());
        RelationshipState state = fold.apply(null, new RelationshipOpened(ID, new Counterparty("Acme",
                CounterpartyKind.CUSTOMER, null), UserName.of("rita"), Tier.KEY), EventFacts.of(null, 1, T0)).after();
        Instant first = T0.plus(Duration.ofDays(1));
        ContactLogged pleased = new ContactLogged(ID, ContactId.generate(), ContactChannel.CALL, List.of(), "call",
                Sentiment.POSITIVE, List.of(), first);
        state = fold.apply(state, pleased, EventFacts.of(pleased, 2, first)).after();
        // decayed over a while from a score away from neutral: not a round number any more
        Instant later = T0.plus(Duration.ofDays(37)).plusSeconds(4321);
        ContactLogged contact = new ContactLogged(ID, ContactId.generate(), ContactChannel.CALL, List.of(), "call",
                Sentiment.NEGATIVE, List.of(), later);
        state = fold.apply(state, contact, EventFacts.of(contact, 3, later)).after();
        double raw = state.reputation().score();
        assertThat(Math.round(raw * 100) / 100.0).as("the fold's own score carries noise here").isNotEqualTo(raw);

        RelationshipView view = RelationshipView.of(state, later);
        assertThat(view.reputation().score()).isEqualTo(Math.round(raw * 100) / 100.0);
        assertThat(view.reputation().score()).isEqualTo(view.summary().reputation());
    }
}
