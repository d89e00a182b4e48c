package dev.relationshipledger.query.fold;

import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintEscalated;
import dev.relationshipledger.kernel.complaint.ComplaintEvent;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintReopened;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.ComplaintWithdrawn;
import dev.relationshipledger.kernel.contract.ContractAmended;
import dev.relationshipledger.kernel.contract.ContractEvent;
import dev.relationshipledger.kernel.contract.ContractExpired;
import dev.relationshipledger.kernel.contract.ContractReinstated;
import dev.relationshipledger.kernel.contract.ContractRenewed;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.contract.ContractSuspended;
import dev.relationshipledger.kernel.contract.ContractTerminated;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationEvent;
import dev.relationshipledger.kernel.negotiation.NegotiationOpened;
import dev.relationshipledger.kernel.negotiation.ProposalMade;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonErased;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonRemoved;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;
import dev.relationshipledger.kernel.relationship.TierChanged;
import dev.relationshipledger.query.fold.RelationshipState.ComplaintState;
import dev.relationshipledger.query.fold.RelationshipState.ContractState;
import dev.relationshipledger.query.fold.RelationshipState.NegotiationState;
import dev.relationshipledger.query.fold.RelationshipState.ReputationState;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where events become a relationship's state: plain code, no framework, no database. The status and
 * reputation projections fold each new event with it; time travel folds a relationship's history with it up to any
 * instant. Two implementations would drift apart; there is one.
 *
 * <p>Facts of other aggregates (complaints, negotiations, contracts) are folded into the relationship they belong
 * to. The reputation is scored in the same pass by the given {@link ReputationModel}, so that every score is
 * explained by the event that changed it.
 */
public final class RelationshipFold {

    private final ReputationModel model;

    public RelationshipFold(ReputationModel model) {
        this.model = model;
    }

    public ReputationModel model() {
        return model;
    }

    /** The state after one event, and the reputation change it caused (if any). */
    public record Step(RelationshipState after, Optional<ReputationChange> reputationChange) {
    }

    /** One point of the reputation timeline: the score just before the event (decayed to its time) and after. */
    public record ReputationChange(String model, double before, double after, double points, String rule,
                                   Instant at) {
    }

    /**
     * Applies one event to the state before it ({@code null} before the relationship was opened). Events that do not
     * change the state still advance its position.
     */
    public Step apply(RelationshipState before, LedgerEvent event, EventFacts facts) {
        RelationshipState after;
        if (event instanceof RelationshipOpened opened) {
            after = opened(opened, facts);
        } else {
            if (before == null) {
                throw new IllegalStateException("event " + event.getClass().getSimpleName() + " at position "
                        + facts.position() + " precedes the opening of relationship " + event.relationshipId());
            }
            after = new Change(before).apply(event, facts).build();
        }
        return score(before, after, event, facts);
    }

    private RelationshipState opened(RelationshipOpened e, EventFacts facts) {
        return new RelationshipState(e.relationshipId().toString(), e.counterparty().name(), e.counterparty().kind(),
                e.counterparty().segment(), e.owner().value(), Set.of(), e.tier(), false, facts.effectiveTime(), null,
                0, Map.of(), Map.of(), Map.of(), Map.of(),
                new ReputationState(model.version(), model.initial(), facts.effectiveTime()),
                facts.position(), facts.recordedAt(), facts.effectiveTime(), 1);
    }

    private Step score(RelationshipState before, RelationshipState after, LedgerEvent event, EventFacts facts) {
        if (before == null) {
            return new Step(after, Optional.empty());
        }
        Optional<ReputationModel.Effect> effect = model.effectOf(event, before);
        if (effect.isEmpty()) {
            return new Step(after, Optional.empty());
        }
        ReputationState current = before.reputation();
        // Decay runs forward only: a back-dated event is scored at the latest time already seen.
        Instant at = facts.effectiveTime().isAfter(current.asOf()) ? facts.effectiveTime() : current.asOf();
        double decayed = model.decay(current.score(), current.asOf(), at);
        double scored = ReputationModel.bounded(decayed + effect.get().points());
        RelationshipState withScore = withReputation(after, new ReputationState(model.version(), scored, at));
        return new Step(withScore, Optional.of(new ReputationChange(model.version(), decayed, scored,
                effect.get().points(), effect.get().rule(), at)));
    }

    private static RelationshipState withReputation(RelationshipState s, ReputationState reputation) {
        return new RelationshipState(s.relationshipId(), s.counterpartyName(), s.kind(), s.segment(), s.owner(),
                s.delegates(), s.tier(), s.closed(), s.openedAt(), s.lastContactAt(), s.contactCount(), s.people(),
                s.complaints(), s.negotiations(), s.contracts(), reputation, s.lastPosition(), s.lastRecordedAt(),
                s.latestEffectiveTime(), s.eventCount());
    }

    /** A mutable working copy of one state, for the length of one event. */
    private static final class Change {
        private final RelationshipState base;
        private String owner;
        private final Set<String> delegates;
        private dev.relationshipledger.kernel.relationship.Tier tier;
        private boolean closed;
        private Instant lastContactAt;
        private int contactCount;
        private final Map<String, String> people;
        private final Map<String, ComplaintState> complaints;
        private final Map<String, NegotiationState> negotiations;
        private final Map<String, ContractState> contracts;
        private long position;
        private Instant recordedAt;
        private Instant latestEffectiveTime;

        Change(RelationshipState base) {
            this.base = base;
            owner = base.owner();
            delegates = new HashSet<>(base.delegates());
            tier = base.tier();
            closed = base.closed();
            lastContactAt = base.lastContactAt();
            contactCount = base.contactCount();
            people = new HashMap<>(base.people());
            complaints = new HashMap<>(base.complaints());
            negotiations = new HashMap<>(base.negotiations());
            contracts = new HashMap<>(base.contracts());
        }

        Change apply(LedgerEvent event, EventFacts facts) {
            position = Math.max(base.lastPosition(), facts.position());
            recordedAt = base.lastRecordedAt() != null && base.lastRecordedAt().isAfter(facts.recordedAt())
                    ? base.lastRecordedAt() : facts.recordedAt();
            latestEffectiveTime = base.latestEffectiveTime() == null || facts.effectiveTime().isAfter(base.latestEffectiveTime())
                    ? facts.effectiveTime() : base.latestEffectiveTime();
            if (event instanceof ContactLogged e) {
                contactCount++;
                lastContactAt = lastContactAt == null || e.occurredAt().isAfter(lastContactAt) ? e.occurredAt() : lastContactAt;
            } else if (event instanceof CounterpartyPersonAdded e) {
                people.put(e.person().personId().toString(), e.person().name());
            } else if (event instanceof CounterpartyPersonRemoved e) {
                people.remove(e.personId().toString());
            } else if (event instanceof CounterpartyPersonErased e) {
                // Their added event now reads as erased (decision 0019); an erased person represents nobody.
                people.remove(e.personId().toString());
            } else if (event instanceof OwnerReassigned e) {
                owner = e.newOwner().value();
                delegates.remove(owner);
            } else if (event instanceof TierChanged e) {
                tier = e.tier();
            } else if (event instanceof AccessDelegated e) {
                delegates.add(e.delegate().value());
            } else if (event instanceof DelegationRevoked e) {
                delegates.remove(e.delegate().value());
            } else if (event instanceof RelationshipClosed) {
                closed = true;
            } else if (event instanceof RelationshipReopened) {
                closed = false;
            } else if (event instanceof ComplaintEvent e) {
                complaint(e, facts);
            } else if (event instanceof NegotiationEvent e) {
                negotiation(e, facts);
            } else if (event instanceof ContractEvent e) {
                contract(e, facts);
            }
            return this;
        }

        private void complaint(ComplaintEvent event, EventFacts facts) {
            String id = event.complaintId().toString();
            ComplaintState c = complaints.get(id);
            if (event instanceof ComplaintFiled e) {
                complaints.put(id, ComplaintState.filed(e.category().name(), e.severity().name(), e.receivedAt()));
                return;
            }
            if (c == null) {
                throw new IllegalStateException("complaint " + id + " changed before it was filed (position "
                        + facts.position() + ")");
            }
            Instant at = facts.effectiveTime();
            if (event instanceof ComplaintAcknowledged) {
                c = c.withStatus("ACKNOWLEDGED", null);
            } else if (event instanceof ComplaintEscalated) {
                c = c.withStatus("ESCALATED", null);
            } else if (event instanceof ComplaintResolved) {
                c = c.withStatus("RESOLVED", at);
            } else if (event instanceof ComplaintReopened) {
                c = c.withStatus("REOPENED", null);
            } else if (event instanceof ComplaintWithdrawn) {
                c = c.withStatus("WITHDRAWN", at);
            } else if (event instanceof ComplaintDetailsCorrected e) {
                c = c.corrected(e.category().name(), e.severity().name());
            }
            complaints.put(id, c);
        }

        private void negotiation(NegotiationEvent event, EventFacts facts) {
            String id = event.negotiationId().toString();
            if (event instanceof NegotiationOpened e) {
                negotiations.put(id, new NegotiationState(e.subject(), "OPEN", 0, facts.effectiveTime(), null));
                return;
            }
            NegotiationState n = negotiations.get(id);
            if (n == null) {
                throw new IllegalStateException("negotiation " + id + " changed before it was opened (position "
                        + facts.position() + ")");
            }
            if (event instanceof ProposalMade) {
                negotiations.put(id, new NegotiationState(n.subject(), n.status(), n.rounds() + 1, n.openedAt(), null));
            } else if (event instanceof NegotiationConcluded e) {
                negotiations.put(id, new NegotiationState(n.subject(), e.outcome().name(), n.rounds(), n.openedAt(),
                        facts.effectiveTime()));
            }
        }

        private void contract(ContractEvent event, EventFacts facts) {
            String id = event.contractId().toString();
            if (event instanceof ContractSigned e) {
                contracts.put(id, withTerms(new ContractState(e.title(), "ACTIVE", null, null, e.startsOn(), e.endsOn()),
                        e.terms()));
                return;
            }
            ContractState c = contracts.get(id);
            if (c == null) {
                throw new IllegalStateException("contract " + id + " changed before it was signed (position "
                        + facts.position() + ")");
            }
            if (event instanceof ContractAmended e) {
                c = withTerms(c, e.newTerms());
            } else if (event instanceof ContractRenewed e) {
                c = withTerms(new ContractState(c.title(), c.status(), c.value(), c.currency(), c.startsOn(), e.newEndsOn()),
                        e.terms());
            } else if (event instanceof ContractSuspended) {
                c = withStatus(c, "SUSPENDED");
            } else if (event instanceof ContractReinstated) {
                c = withStatus(c, "ACTIVE");
            } else if (event instanceof ContractTerminated) {
                c = withStatus(c, "TERMINATED");
            } else if (event instanceof ContractExpired) {
                c = withStatus(c, "EXPIRED");
            }
            contracts.put(id, c);
        }

        private static ContractState withTerms(ContractState c, Terms terms) {
            if (terms == null) {
                return c;
            }
            var total = terms.totalValue();
            return new ContractState(c.title(), c.status(), total.amount(), total.currency(), c.startsOn(), c.endsOn());
        }

        private static ContractState withStatus(ContractState c, String status) {
            return new ContractState(c.title(), status, c.value(), c.currency(), c.startsOn(), c.endsOn());
        }

        RelationshipState build() {
            return new RelationshipState(base.relationshipId(), base.counterpartyName(), base.kind(), base.segment(),
                    owner, delegates, tier, closed, base.openedAt(), lastContactAt, contactCount, people, complaints,
                    negotiations, contracts, base.reputation(), position, recordedAt, latestEffectiveTime,
                    base.eventCount() + 1);
        }
    }
}
