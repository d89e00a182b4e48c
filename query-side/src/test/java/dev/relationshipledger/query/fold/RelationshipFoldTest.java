package dev.relationshipledger.query.fold;

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
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelationshipFoldTest {

    static final RelationshipId ID = RelationshipId.generate();
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    static RelationshipView opened() {
        return RelationshipFold.apply(null,
                new RelationshipOpened(ID, new Counterparty("Acme", CounterpartyKind.CUSTOMER, "retail"),
                        UserName.of("rita"), Tier.KEY),
                new EventFacts(10, T0));
    }

    static ContactLogged contact(Instant occurredAt) {
        return new ContactLogged(ID, ContactId.generate(), ContactChannel.CALL, List.of(), "call", Sentiment.NEUTRAL,
                List.of(), occurredAt);
    }

    @Test
    void openingStartsAnActiveRelationshipWithNoContacts() {
        RelationshipView view = opened();
        assertThat(view.relationshipId()).isEqualTo(ID.toString());
        assertThat(view.status()).isEqualTo(RelationshipStatus.ACTIVE);
        assertThat(view.contactCount()).isZero();
        assertThat(view.lastContactAt()).isNull();
        assertThat(view.openedAt()).isEqualTo(T0);
        assertThat(view.lastPosition()).isEqualTo(10);
    }

    @Test
    void contactsCountAndTheLatestBusinessTimeWinsEvenWhenBackDated() {
        Instant may = Instant.parse("2026-05-01T10:00:00Z");
        Instant april = Instant.parse("2026-04-01T10:00:00Z");
        RelationshipView view = RelationshipFold.apply(opened(), contact(may), new EventFacts(11, T0.plusSeconds(60)));
        view = RelationshipFold.apply(view, contact(april), new EventFacts(12, T0.plusSeconds(120)));
        assertThat(view.contactCount()).isEqualTo(2);
        assertThat(view.lastContactAt()).isEqualTo(may);
        assertThat(view.lastPosition()).isEqualTo(12);
        assertThat(view.lastRecordedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void anEventBeforeTheOpeningIsAnError() {
        assertThatThrownBy(() -> RelationshipFold.apply(null, contact(T0), new EventFacts(1, T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("precedes the opening");
    }
}
