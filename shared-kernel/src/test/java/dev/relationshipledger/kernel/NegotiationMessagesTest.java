package dev.relationshipledger.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.ApprovalDenied;
import dev.relationshipledger.kernel.negotiation.ApprovalGranted;
import dev.relationshipledger.kernel.negotiation.ApprovalRequested;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationEvent;
import dev.relationshipledger.kernel.negotiation.NegotiationOpened;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.ProposalMade;
import dev.relationshipledger.kernel.negotiation.ProposalTermsCorrected;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.validation.InvalidValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NegotiationMessagesTest {

    static final NegotiationId ID = NegotiationId.of("6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    static final RelationshipId REL = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final ProposalId P = ProposalId.of("a1000000-0000-4000-8000-000000000001");
    static final ApprovalId A = ApprovalId.of("b1000000-0000-4000-8000-000000000001");
    static final UserName MARIA = UserName.of("maria");
    static final Instant AT = Instant.parse("2026-11-30T11:00:00Z");
    static final Mandate MANDATE = new Mandate(Money.of("100", "EUR"), null, new BigDecimal("10"), 12, 36, List.of(MARIA));
    static final Terms TERMS = new Terms(Money.of("95", "EUR"), new BigDecimal("1000"), 24, 30, new BigDecimal("5"),
            List.of("delivery DAP Hamburg"));

    @Test
    void everyNegotiationEventRoundTripsThroughItsJsonForm() throws Exception {
        ObjectMapper json = LedgerJson.newMapper();
        List<String> breaches = MANDATE.breaches(TERMS);
        List<NegotiationEvent> events = List.of(
                new NegotiationOpened(ID, REL, "2027 supply", MANDATE),
                new ProposalMade(ID, REL, P, Side.OURS, TERMS, 2, false, breaches, A, MARIA, AT, AT),
                new ApprovalRequested(ID, REL, A, TERMS, "volume", UserName.of("rita"), breaches),
                new ApprovalGranted(ID, REL, A, MARIA, AT, null),
                new ApprovalDenied(ID, REL, A, MARIA, AT, "too cheap"),
                new ProposalTermsCorrected(ID, REL, P, Side.OURS, TERMS, TERMS, "typo", false, breaches, A, MARIA, AT),
                new NegotiationConcluded(ID, REL, NegotiationOutcome.AGREED, P, TERMS, null));
        for (NegotiationEvent event : events) {
            String text = json.writeValueAsString(event);
            assertThat(text).contains("\"negotiationId\":\"" + ID + "\"", "\"relationshipId\":\"" + REL + "\"");
            assertThat(json.readValue(text, event.getClass())).isEqualTo(event);
        }
    }

    @Test
    void aProposalsMandateCheckAndApprovalAreConsistent() {
        assertThatThrownBy(() -> new ProposalMade(ID, REL, P, Side.OURS, TERMS, 1, true, List.of("price 95 below floor 100"),
                null, null, null, AT))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("withinMandate");
        assertThatThrownBy(() -> new ProposalMade(ID, REL, P, Side.OURS, TERMS, 1, true, List.of(), A, null, null, AT))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("approvalId");
        assertThatThrownBy(() -> new ProposalMade(ID, REL, P, Side.OURS, TERMS, 0, true, List.of(), null, null, null, AT))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("round");
        assertThatThrownBy(() -> new ApprovalRequested(ID, REL, A, TERMS, "why", MARIA, List.of()))
                .isInstanceOf(InvalidValue.class).hasMessageContaining("breaches");
    }
}
