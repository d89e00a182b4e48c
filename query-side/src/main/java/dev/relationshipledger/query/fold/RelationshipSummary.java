package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.Tier;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * A relationship's status as managers read it: the shape of the status API and of time travel's answer for a past
 * instant. Derived from a {@link RelationshipState} at an instant (dormancy depends on it).
 */
public record RelationshipSummary(String relationshipId,
                                  String counterpartyName,
                                  CounterpartyKind kind,
                                  String segment,
                                  String owner,
                                  Tier tier,
                                  RelationshipStatus status,
                                  Instant openedAt,
                                  Instant lastContactAt,
                                  int contactCount,
                                  int openComplaints,
                                  int liveNegotiations,
                                  int activeContracts,
                                  Map<String, BigDecimal> activeContractValue,
                                  LocalDate nextRenewalOrExpiry,
                                  double reputation,
                                  String reputationModel,
                                  long lastPosition,
                                  Instant lastRecordedAt) {

    public static RelationshipSummary of(RelationshipState s, Instant at) {
        Map<String, BigDecimal> values = new TreeMap<>();
        LocalDate next = null;
        int active = 0;
        for (RelationshipState.ContractState c : s.contracts().values()) {
            if (c.active()) {
                active++;
                values.merge(c.currency(), c.value(), BigDecimal::add);
                if (c.endsOn() != null && (next == null || c.endsOn().isBefore(next))) {
                    next = c.endsOn();
                }
            }
        }
        int live = (int) s.negotiations().values().stream().filter(RelationshipState.NegotiationState::live).count();
        return new RelationshipSummary(s.relationshipId(), s.counterpartyName(), s.kind(), s.segment(), s.owner(),
                s.tier(), StatusRules.statusAt(s, at), s.openedAt(), s.lastContactAt(), s.contactCount(),
                s.openComplaints().size(), live, active, values, next, shownScore(s.reputation().score()),
                s.reputation().model(), s.lastPosition(), s.lastRecordedAt());
    }

    /** A reputation score as readers see it, to two decimals: the fold's floating point noise is not information. */
    public static double shownScore(double score) {
        return Math.round(score * 100) / 100.0;
    }
}
