package dev.relationshipledger.command.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.Terms;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The command side's record of concluded negotiations ({@code event_store.negotiation_outcome}): outcome, agreed
 * terms (as {@link LedgerJson}) and the contract signed from each. Kept by a subscribing processor, in the
 * transaction that appends the events, so a contract is always checked against the current state.
 *
 * <p>Recording a contract against its negotiation is also the guard against two contracts being signed from one
 * negotiation at the same time: the second transaction finds the negotiation taken and fails with
 * {@value Contract#NEGOTIATION_SIGNED_ONCE} (this group's errors propagate, see {@link ContractProcessing}).
 */
@Component
@ProcessingGroup(JdbcNegotiationOutcomes.PROCESSING_GROUP)
public class JdbcNegotiationOutcomes implements NegotiationOutcomes {

    public static final String PROCESSING_GROUP = "negotiation-outcomes";
    private static final ObjectMapper JSON = LedgerJson.newMapper();

    private final JdbcTemplate jdbc;

    public JdbcNegotiationOutcomes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ConcludedNegotiation> find(NegotiationId negotiationId) {
        List<ConcludedNegotiation> rows = jdbc.query("""
                        SELECT relationship_id, outcome, agreed_terms::text AS agreed_terms, contract_id
                        FROM event_store.negotiation_outcome WHERE negotiation_id = ?""",
                (rs, i) -> new ConcludedNegotiation(negotiationId,
                        new RelationshipId(rs.getObject("relationship_id", UUID.class)),
                        NegotiationOutcome.valueOf(rs.getString("outcome")),
                        terms(rs.getString("agreed_terms")),
                        rs.getObject("contract_id") == null ? null : new ContractId(rs.getObject("contract_id", UUID.class))),
                negotiationId.value());
        return rows.stream().findFirst();
    }

    @EventHandler
    void on(NegotiationConcluded event) {
        jdbc.update("""
                        INSERT INTO event_store.negotiation_outcome (negotiation_id, relationship_id, outcome, agreed_terms)
                        VALUES (?, ?, ?, CAST(? AS jsonb)) ON CONFLICT (negotiation_id) DO NOTHING""",
                event.negotiationId().value(), event.relationshipId().value(), event.outcome().name(),
                json(event.agreedTerms()));
    }

    @EventHandler
    void on(ContractSigned event) {
        if (event.negotiationId() == null) {
            return;
        }
        int taken = jdbc.update("""
                        UPDATE event_store.negotiation_outcome SET contract_id = ?
                        WHERE negotiation_id = ? AND (contract_id IS NULL OR contract_id = ?)""",
                event.contractId().value(), event.negotiationId().value(), event.contractId().value());
        if (taken == 0) {
            throw new RuleViolated(Contract.NEGOTIATION_SIGNED_ONCE,
                    "a contract was already signed from negotiation " + event.negotiationId());
        }
    }

    private static String json(Terms terms) {
        if (terms == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(terms);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write terms as JSON", e);
        }
    }

    private static Terms terms(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, Terms.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored agreed terms are unreadable", e);
        }
    }
}
