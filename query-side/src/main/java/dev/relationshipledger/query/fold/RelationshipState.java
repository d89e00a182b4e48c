package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.Tier;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the events say about one relationship at a point in its history: the relationship itself, its
 * complaints, negotiations and contracts, and its reputation. The status projection stores it (as JSON, beside
 * flattened query columns); time travel computes it for any past instant. Immutable: the fold answers a new one
 * per event.
 *
 * @param lastPosition        global position of the last event folded in; a projection skips events at or below
 *                            it, which makes applying the same event twice change nothing
 * @param lastRecordedAt      the latest recorded time among the events folded in
 * @param latestEffectiveTime the latest business (or, lacking one, recorded) time among the events folded in:
 *                            a checkpoint of this state serves time travel "as it had happened" at any later instant
 */
public record RelationshipState(String relationshipId,
                                String counterpartyName,
                                CounterpartyKind kind,
                                String segment,
                                String owner,
                                Set<String> delegates,
                                Tier tier,
                                boolean closed,
                                Instant openedAt,
                                Instant lastContactAt,
                                int contactCount,
                                Map<String, String> people,
                                Map<String, ComplaintState> complaints,
                                Map<String, NegotiationState> negotiations,
                                Map<String, ContractState> contracts,
                                ReputationState reputation,
                                long lastPosition,
                                Instant lastRecordedAt,
                                Instant latestEffectiveTime,
                                int eventCount) {

    public RelationshipState {
        delegates = Set.copyOf(delegates);
        people = Map.copyOf(people);
        complaints = Map.copyOf(complaints);
        negotiations = Map.copyOf(negotiations);
        contracts = Map.copyOf(contracts);
    }

    /**
     * One complaint as far as the relationship's state is concerned.
     *
     * @param severity      as it stands, corrections included
     * @param filedSeverity as it was filed: what the filing cost the reputation, and so what a resolution pays back
     *                      (a correction changes the complaint, not what was charged); null in states stored before
     *                      it was kept, read as {@code severity}
     */
    public record ComplaintState(String category, String severity, String status, Instant filedAt, Instant closedAt,
                                 String filedSeverity) {

        static ComplaintState filed(String category, String severity, Instant filedAt) {
            return new ComplaintState(category, severity, "FILED", filedAt, null, severity);
        }

        ComplaintState withStatus(String status, Instant closedAt) {
            return new ComplaintState(category, severity, status, filedAt, closedAt, filedSeverity);
        }

        ComplaintState corrected(String category, String severity) {
            return new ComplaintState(category, severity, status, filedAt, closedAt, chargedSeverity());
        }

        /** The severity the filing was charged for. */
        public String chargedSeverity() {
            return filedSeverity == null ? severity : filedSeverity;
        }

        public boolean open() {
            return !"RESOLVED".equals(status) && !"WITHDRAWN".equals(status);
        }

        public boolean severe() {
            return "HIGH".equals(severity) || "CRITICAL".equals(severity);
        }
    }

    /** One negotiation: its subject, where it stands, how many rounds it has had. */
    public record NegotiationState(String subject, String status, int rounds, Instant openedAt, Instant concludedAt) {
        public boolean live() {
            return "OPEN".equals(status);
        }
    }

    /** One contract: its value (price × quantity less discount, per currency) and dates. */
    public record ContractState(String title, String status, java.math.BigDecimal value, String currency,
                                java.time.LocalDate startsOn, java.time.LocalDate endsOn) {
        public boolean active() {
            return "ACTIVE".equals(status) || "SUSPENDED".equals(status);
        }
    }

    /** The current reputation score and the model version that produced it. */
    public record ReputationState(String model, double score, Instant asOf) {
    }

    public List<ComplaintState> openComplaints() {
        return complaints.values().stream().filter(ComplaintState::open).toList();
    }
}
