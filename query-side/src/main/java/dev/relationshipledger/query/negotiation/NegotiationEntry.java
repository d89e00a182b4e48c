package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One negotiation as the projection holds it while a batch runs: the header, its rounds (at most 200, the
 * aggregate's limit) and approvals, with dirty flags so that only what changed is written when the batch commits.
 */
final class NegotiationEntry {

    final UUID negotiationId;
    final UUID relationshipId;
    final String subject;
    final Mandate mandate;
    final Instant openedAt;
    final String openedBy;
    NegotiationStatus status = NegotiationStatus.OPEN;
    Instant concludedAt;
    String concludedBy;
    String outcome;
    UUID agreedProposalId;
    Terms agreedTerms;
    String conclusionReason;
    Long timeToAgreementSeconds;
    long lastPosition;
    boolean dirty;

    final TreeMap<Integer, Round> rounds = new TreeMap<>();
    final Map<UUID, Approval> approvals = new LinkedHashMap<>();
    final List<Correction> newCorrections = new ArrayList<>();

    NegotiationEntry(UUID negotiationId, UUID relationshipId, String subject, Mandate mandate, Instant openedAt,
                     String openedBy) {
        this.negotiationId = negotiationId;
        this.relationshipId = relationshipId;
        this.subject = subject;
        this.mandate = mandate;
        this.openedAt = openedAt;
        this.openedBy = openedBy;
    }

    /** A proposal: as made, and as currently corrected; {@code changed} when it must be written. */
    static final class Round {
        final UUID negotiationId;
        final int round;
        final UUID proposalId;
        final Side side;
        final Terms terms;
        final Instant madeAt;
        final Instant recordedAt;
        final String actor;
        final boolean withinMandate;
        final List<String> breaches;
        final UUID approvalId;
        final String approvedBy;
        final Instant approvedAt;
        final long position;
        Terms currentTerms;
        boolean currentWithinMandate;
        List<String> currentBreaches;
        int correctionCount;
        Long secondsSincePreviousRound;
        Concession.Result concession;
        long updatedPosition;
        boolean changed;

        Round(UUID negotiationId, int round, UUID proposalId, Side side, Terms terms, Instant madeAt,
              Instant recordedAt, String actor,
              boolean withinMandate, List<String> breaches, UUID approvalId, String approvedBy, Instant approvedAt,
              long position) {
            this.negotiationId = negotiationId;
            this.round = round;
            this.proposalId = proposalId;
            this.side = side;
            this.terms = terms;
            this.madeAt = madeAt;
            this.recordedAt = recordedAt;
            this.actor = actor;
            this.withinMandate = withinMandate;
            this.breaches = List.copyOf(breaches);
            this.approvalId = approvalId;
            this.approvedBy = approvedBy;
            this.approvedAt = approvedAt;
            this.position = position;
            this.currentTerms = terms;
            this.currentWithinMandate = withinMandate;
            this.currentBreaches = this.breaches;
            this.updatedPosition = position;
        }
    }

    /** A correction of a proposal's terms, new in this batch. */
    record Correction(long position, UUID negotiationId, UUID proposalId, int round, Side side, Terms previousTerms,
                      Terms correctedTerms, String reason, String actor, Instant recordedAt, boolean withinMandate,
                      List<String> breaches, UUID approvalId, String approvedBy, Instant approvedAt) {
    }

    /** An approval request and its decision. */
    static final class Approval {
        final UUID approvalId;
        final UUID negotiationId;
        final Terms terms;
        final List<String> breaches;
        final String justification;
        final String requestedBy;
        final Instant requestedAt;
        final long requestedPosition;
        String status = "REQUESTED";
        String decidedBy;
        Instant decidedAt;
        String comment;
        UUID usedByProposalId;
        Long usedByPosition;
        long lastPosition;
        boolean changed;

        Approval(UUID approvalId, UUID negotiationId, Terms terms, List<String> breaches, String justification,
                 String requestedBy, Instant requestedAt, long requestedPosition) {
            this.approvalId = approvalId;
            this.negotiationId = negotiationId;
            this.terms = terms;
            this.breaches = List.copyOf(breaches);
            this.justification = justification;
            this.requestedBy = requestedBy;
            this.requestedAt = requestedAt;
            this.requestedPosition = requestedPosition;
            this.lastPosition = requestedPosition;
        }
    }

    /** Adds a new round: time since the previous round and its concession are computed here. */
    void add(Round round) {
        Map.Entry<Integer, Round> previous = rounds.lowerEntry(round.round);
        round.secondsSincePreviousRound = previous == null ? null
                : Duration.between(previous.getValue().madeAt, round.madeAt).getSeconds();
        rounds.put(round.round, round);
        round.concession = concessionOf(round);
        round.changed = true;
    }

    Round roundOf(UUID proposalId) {
        return rounds.values().stream().filter(r -> r.proposalId.equals(proposalId)).findFirst().orElse(null);
    }

    /**
     * Recomputes the concessions of the corrected round and every later one (a correction changes the terms they
     * are compared with); rows whose concession changed are marked for writing.
     */
    void recomputeConcessionsFrom(int round, long position) {
        for (Round r : rounds.tailMap(round, true).values()) {
            Concession.Result again = concessionOf(r);
            if (!Objects.equals(again, r.concession)) {
                r.concession = again;
                r.updatedPosition = position;
                r.changed = true;
            }
        }
    }

    /** The concession of a round over current terms: vs its side's previous round and the other side's latest. */
    Concession.Result concessionOf(Round round) {
        Round previousOwn = null;
        Round otherLatest = null;
        for (Round r : rounds.headMap(round.round, false).descendingMap().values()) {
            if (r.side == round.side && previousOwn == null) {
                previousOwn = r;
            } else if (r.side != round.side && otherLatest == null) {
                otherLatest = r;
            }
            if (previousOwn != null && otherLatest != null) {
                break;
            }
        }
        return Concession.of(round.currentTerms,
                previousOwn == null ? null : new Concession.Offer(previousOwn.round, previousOwn.currentTerms),
                otherLatest == null ? null : new Concession.Offer(otherLatest.round, otherLatest.currentTerms))
                .orElse(null);
    }

    /** The earlier of the opening and the first proposal's business time: when the negotiation began. */
    Instant began() {
        Instant began = openedAt;
        for (Round r : rounds.values()) {
            if (r.madeAt.isBefore(began)) {
                began = r.madeAt;
            }
        }
        return began;
    }
}
