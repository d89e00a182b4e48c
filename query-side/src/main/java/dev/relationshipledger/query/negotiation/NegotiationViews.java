package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.Terms;

import java.time.Instant;
import java.util.List;

/** What the negotiation history API answers (see docs/read-models/negotiation-history.md). */
public final class NegotiationViews {

    private NegotiationViews() {
    }

    /** One negotiation's header: subject, mandate, status and outcome, and how long agreement took. */
    public record Header(String negotiationId, String relationshipId, String subject, Mandate mandate,
                         NegotiationStatus status, Instant openedAt, String openedBy, Instant concludedAt,
                         String concludedBy, String outcome, String agreedProposalId, Terms agreedTerms,
                         String conclusionReason, int rounds, Long timeToAgreementSeconds, long lastPosition) {
    }

    /** The full history: header, every round in order with its corrections beside it, and every approval. */
    public record History(Header negotiation, List<Round> rounds, List<Approval> approvals,
                          boolean correctionsTruncated) {
    }

    /**
     * One proposal. {@code terms} as made, {@code currentTerms} after its corrections (listed beside it, oldest
     * first); {@code mandateCheck} as made, {@code currentMandateCheck} of the current terms; {@code approval} the
     * approval its terms as made used (null when none); concession over current terms (null for a side's first).
     */
    public record Round(int round, String proposalId, String side, Instant madeAt, Instant recordedAt, String actor,
                        Terms terms, Terms currentTerms, boolean corrected, MandateCheck mandateCheck,
                        MandateCheck currentMandateCheck, ApprovalUsed approval, Long secondsSincePreviousRound,
                        Concession.Result concession, long position, List<Correction> corrections) {
    }

    public record MandateCheck(boolean withinMandate, List<String> breaches) {
    }

    /** Who asked for the exception and why, who granted it and when. */
    public record ApprovalUsed(String approvalId, String requestedBy, String justification, String approvedBy,
                               Instant approvedAt, String comment) {
    }

    /** A correction of a proposal's terms: what it replaced, what it says now, why, by whom, when. */
    public record Correction(long position, Terms previousTerms, Terms correctedTerms, String reason, String actor,
                             Instant recordedAt, MandateCheck mandateCheck, ApprovalUsed approval) {
    }

    /** An approval request with its decision and the proposal that used it. */
    public record Approval(String approvalId, Terms terms, List<String> breaches, String justification,
                           String requestedBy, Instant requestedAt, String status, String decidedBy,
                           Instant decidedAt, String comment, String usedByProposalId, Long usedByPosition) {
    }
}
