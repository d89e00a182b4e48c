package dev.relationshipledger.command.contract;

import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.Terms;

import java.util.Optional;

/**
 * What the Contract aggregate needs to know about a negotiation it is signed from: how it was concluded, with which
 * terms, and whether a contract was already signed from it. Injected into the signing handler, so that aggregate
 * tests can hand in one of their own.
 */
@FunctionalInterface
public interface NegotiationOutcomes {

    /** The negotiation, if it was concluded (a negotiation still open is not known here). */
    Optional<ConcludedNegotiation> find(NegotiationId negotiationId);

    /**
     * @param agreedTerms the agreed terms when the outcome is AGREED, otherwise null
     * @param signedAs    the contract already signed from this negotiation, or null
     */
    record ConcludedNegotiation(NegotiationId negotiationId, RelationshipId relationshipId, NegotiationOutcome outcome,
                                Terms agreedTerms, ContractId signedAs) {
    }
}
