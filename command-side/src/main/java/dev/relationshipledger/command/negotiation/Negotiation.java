package dev.relationshipledger.command.negotiation;

import dev.relationshipledger.command.access.WriteAccess;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.negotiation.ApprovalDenied;
import dev.relationshipledger.kernel.negotiation.ApprovalGranted;
import dev.relationshipledger.kernel.negotiation.ApprovalRequested;
import dev.relationshipledger.kernel.negotiation.ConcludeNegotiation;
import dev.relationshipledger.kernel.negotiation.CorrectProposalTerms;
import dev.relationshipledger.kernel.negotiation.DenyApproval;
import dev.relationshipledger.kernel.negotiation.GrantApproval;
import dev.relationshipledger.kernel.negotiation.MakeProposal;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationOpened;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.OpenNegotiation;
import dev.relationshipledger.kernel.negotiation.ProposalMade;
import dev.relationshipledger.kernel.negotiation.ProposalTermsCorrected;
import dev.relationshipledger.kernel.negotiation.RequestApproval;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.relationshipledger.command.rules.Rules.permit;
import static dev.relationshipledger.command.rules.Rules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One negotiation with the counterparty of a relationship, bound by the mandate it was opened with.
 *
 * <p>State kept for the rules: the relationship (for write access), the mandate, whether it is concluded, the
 * proposals made (id → side and current terms, for corrections and the agreed terms) and the approvals (id → terms,
 * requester, decision, use). Both maps are bounded ({@value #MAX_PROPOSALS} proposals, {@value #MAX_APPROVALS}
 * approvals): a negotiation runs to tens of rounds, not thousands.
 *
 * <p>Approvals are single-use: a granted approval covers one proposal (or one correction) with exactly the terms it
 * was requested for, and no other afterwards. A new offer outside the mandate needs a new approval, so every
 * exception in the record points to its own decision by a named approver.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver", cache = "negotiationCache")
public class Negotiation {

    /** How far a proposal's business time may run ahead of our clock (device clocks drift). */
    static final Duration CLOCK_SKEW_ALLOWED = Duration.ofMinutes(5);
    static final int MAX_PROPOSALS = 200;
    static final int MAX_APPROVALS = 200;

    @AggregateIdentifier
    private NegotiationId id;
    private RelationshipId relationshipId;
    private Mandate mandate;
    private boolean concluded;
    private final Map<ProposalId, Proposal> proposals = new HashMap<>();
    private final Map<ApprovalId, Approval> approvals = new HashMap<>();

    private record Proposal(Side side, Terms terms) {
    }

    private enum Decision { PENDING, GRANTED, DENIED }

    /** An approval request; {@code decidedBy}/{@code decidedAt} are set once it is granted or denied. */
    private record Approval(Terms terms, UserName requestedBy, Decision decision, UserName decidedBy,
                            Instant decidedAt, boolean used) {

        Approval decided(Decision decision, UserName by, Instant at) {
            return new Approval(terms, requestedBy, decision, by, at, used);
        }

        Approval markUsed() {
            return new Approval(terms, requestedBy, decision, decidedBy, decidedAt, true);
        }
    }

    protected Negotiation() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public Negotiation(OpenNegotiation command, Actor actor, WriteAccess access) {
        access.requireOpenRecorder(actor, command.relationshipId());
        apply(new NegotiationOpened(command.negotiationId(), command.relationshipId(), command.subject(),
                command.mandate()));
    }

    @CommandHandler
    void handle(MakeProposal command, Actor actor, WriteAccess access, Clock clock) {
        mayRecordWhileOpen(actor, access);
        require(!proposals.containsKey(command.proposalId()), "proposal-made-once",
                "proposal " + command.proposalId() + " is already recorded; correct it instead");
        require(proposals.size() < MAX_PROPOSALS, "proposal-limit",
                "a negotiation holds at most " + MAX_PROPOSALS + " proposals; conclude it and open another");
        Instant madeAt = command.madeAt() != null ? command.madeAt() : clock.instant();
        require(!madeAt.isAfter(clock.instant().plus(CLOCK_SKEW_ALLOWED)), "proposal-not-in-future",
                "madeAt lies in the future; a proposal is recorded after it was made");
        List<String> breaches = mandate.breaches(command.terms());
        Approval approval = usableApproval(command.approvalId(), command.terms());
        if (approval != null) {
            require(!madeAt.isBefore(approval.decidedAt()), "approved-before-made",
                    "the proposal was made at " + madeAt + ", before its approval was granted at " + approval.decidedAt());
        }
        require(command.side() == Side.THEIRS || breaches.isEmpty() || approval != null,
                "ours-within-mandate-or-approved",
                "the terms break the mandate (" + String.join("; ", breaches)
                        + "); request an approval for them and name it once granted");
        apply(new ProposalMade(id, relationshipId, command.proposalId(), command.side(), command.terms(),
                proposals.size() + 1, breaches.isEmpty(), breaches, command.approvalId(),
                approval == null ? null : approval.decidedBy(), approval == null ? null : approval.decidedAt(),
                madeAt));
    }

    @CommandHandler
    void handle(CorrectProposalTerms command, Actor actor, WriteAccess access) {
        mayRecordWhileOpen(actor, access);
        Proposal proposal = proposals.get(command.proposalId());
        require(proposal != null, "corrects-a-made-proposal",
                "no proposal " + command.proposalId() + " was made in this negotiation");
        require(!sameTerms(proposal.terms(), command.correctedTerms()), "correction-changes-terms",
                "the corrected terms are the terms already recorded");
        require(command.approvalId() == null || proposal.side() == Side.OURS, "approval-only-for-ours",
                "a proposal of theirs is not bound by the mandate and uses no approval");
        List<String> breaches = mandate.breaches(command.correctedTerms());
        Approval approval = usableApproval(command.approvalId(), command.correctedTerms());
        require(proposal.side() == Side.THEIRS || breaches.isEmpty() || approval != null,
                "ours-within-mandate-or-approved",
                "the corrected terms break the mandate (" + String.join("; ", breaches)
                        + "); request an approval for them and name it once granted");
        apply(new ProposalTermsCorrected(id, relationshipId, command.proposalId(), proposal.side(), proposal.terms(),
                command.correctedTerms(), command.reason(), breaches.isEmpty(), breaches, command.approvalId(),
                approval == null ? null : approval.decidedBy(), approval == null ? null : approval.decidedAt()));
    }

    @CommandHandler
    void handle(RequestApproval command, Actor actor, WriteAccess access) {
        mayRecordWhileOpen(actor, access);
        require(!approvals.containsKey(command.approvalId()), "approval-requested-once",
                "approval " + command.approvalId() + " was already requested");
        require(approvals.size() < MAX_APPROVALS, "approval-limit",
                "a negotiation holds at most " + MAX_APPROVALS + " approval requests");
        List<String> breaches = mandate.breaches(command.terms());
        require(!breaches.isEmpty(), "approval-for-a-breach",
                "the terms lie within the mandate; propose them without an approval");
        apply(new ApprovalRequested(id, relationshipId, command.approvalId(), command.terms(),
                command.justification(), actor.name(), breaches));
    }

    @CommandHandler
    void handle(GrantApproval command, Actor actor, WriteAccess access, Clock clock) {
        mayDecide(command.approvalId(), actor, access);
        apply(new ApprovalGranted(id, relationshipId, command.approvalId(), actor.name(), clock.instant(),
                command.comment()));
    }

    @CommandHandler
    void handle(DenyApproval command, Actor actor, WriteAccess access, Clock clock) {
        mayDecide(command.approvalId(), actor, access);
        apply(new ApprovalDenied(id, relationshipId, command.approvalId(), actor.name(), clock.instant(),
                command.reason()));
    }

    @CommandHandler
    void handle(ConcludeNegotiation command, Actor actor, WriteAccess access) {
        mayRecordWhileOpen(actor, access);
        Terms agreedTerms = null;
        if (command.outcome() == NegotiationOutcome.AGREED) {
            Proposal agreed = proposals.get(command.agreedProposalId());
            require(agreed != null, "agreed-names-a-proposal",
                    "no proposal " + command.agreedProposalId() + " was made in this negotiation");
            List<String> breaches = mandate.breaches(agreed.terms());
            require(agreed.side() == Side.OURS || breaches.isEmpty(), "agreed-terms-within-mandate",
                    "their terms break the mandate (" + String.join("; ", breaches) + "); to accept them, propose "
                            + "the same terms as ours with a granted approval and agree on that proposal");
            agreedTerms = agreed.terms();
        }
        apply(new NegotiationConcluded(id, relationshipId, command.outcome(), command.agreedProposalId(), agreedTerms,
                command.reason()));
    }

    private void mayRecordWhileOpen(Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        require(!concluded, "nothing-after-conclusion", "the negotiation is concluded; nothing more is recorded on it");
    }

    private void mayDecide(ApprovalId approvalId, Actor actor, WriteAccess access) {
        mayRecordWhileOpen(actor, access);
        Approval approval = approvals.get(approvalId);
        require(approval != null, "decides-a-requested-approval",
                "no approval " + approvalId + " was requested in this negotiation");
        permit(mandate.approvers().contains(actor.name()), "approver-in-mandate",
                actor.name() + " is not an approver of this negotiation's mandate");
        permit(!actor.is(approval.requestedBy()), "approver-not-requester",
                "an approval is decided by someone other than who requested it");
        require(approval.decision() == Decision.PENDING, "approval-decided-once",
                "approval " + approvalId + " was already " + approval.decision().name().toLowerCase());
    }

    /** The granted, unused approval that covers exactly these terms; null when none is named. */
    private Approval usableApproval(ApprovalId approvalId, Terms terms) {
        if (approvalId == null) {
            return null;
        }
        Approval approval = approvals.get(approvalId);
        require(approval != null && approval.decision() == Decision.GRANTED, "approval-granted",
                approval == null ? "no approval " + approvalId + " was requested in this negotiation"
                        : "approval " + approvalId + " is " + approval.decision().name().toLowerCase() + ", not granted");
        require(!approval.used(), "approval-used-once",
                "approval " + approvalId + " was already used; an approval covers one proposal");
        require(sameTerms(approval.terms(), terms), "approval-covers-these-terms",
                "approval " + approvalId + " was granted for other terms");
        return approval;
    }

    /** Equal terms, numbers compared by value (10 and 10.0 are the same quantity). */
    static boolean sameTerms(Terms a, Terms b) {
        return a.price().equals(b.price())
                && sameNumber(a.quantity(), b.quantity())
                && java.util.Objects.equals(a.durationMonths(), b.durationMonths())
                && java.util.Objects.equals(a.paymentTermsDays(), b.paymentTermsDays())
                && sameNumber(a.discountPercent(), b.discountPercent())
                && a.conditions().equals(b.conditions());
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) == 0;
    }

    @EventSourcingHandler
    void on(NegotiationOpened event) {
        id = event.negotiationId();
        relationshipId = event.relationshipId();
        mandate = event.mandate();
    }

    @EventSourcingHandler
    void on(ProposalMade event) {
        proposals.put(event.proposalId(), new Proposal(event.side(), event.terms()));
        useApproval(event.approvalId());
    }

    @EventSourcingHandler
    void on(ProposalTermsCorrected event) {
        proposals.put(event.proposalId(), new Proposal(event.side(), event.correctedTerms()));
        useApproval(event.approvalId());
    }

    private void useApproval(ApprovalId approvalId) {
        if (approvalId != null) {
            approvals.computeIfPresent(approvalId, (key, approval) -> approval.markUsed());
        }
    }

    @EventSourcingHandler
    void on(ApprovalRequested event) {
        approvals.put(event.approvalId(), new Approval(event.terms(), event.requestedBy(), Decision.PENDING, null,
                null, false));
    }

    @EventSourcingHandler
    void on(ApprovalGranted event) {
        approvals.computeIfPresent(event.approvalId(),
                (key, approval) -> approval.decided(Decision.GRANTED, event.approvedBy(), event.grantedAt()));
    }

    @EventSourcingHandler
    void on(ApprovalDenied event) {
        approvals.computeIfPresent(event.approvalId(),
                (key, approval) -> approval.decided(Decision.DENIED, event.deniedBy(), event.deniedAt()));
    }

    @EventSourcingHandler
    void on(NegotiationConcluded event) {
        concluded = true;
    }
}
