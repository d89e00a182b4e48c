package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.negotiation.ApprovalDenied;
import dev.relationshipledger.kernel.negotiation.ApprovalGranted;
import dev.relationshipledger.kernel.negotiation.ApprovalRequested;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationEvent;
import dev.relationshipledger.kernel.negotiation.NegotiationOpened;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.ProposalMade;
import dev.relationshipledger.kernel.negotiation.ProposalTermsCorrected;
import dev.relationshipledger.query.store.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the negotiation history: header, rounds (terms as made and as corrected, mandate check, approval, time
 * since the previous round, concession), corrections and approvals. Within a batch each negotiation is loaded once,
 * changed in memory and written when the batch commits, with the processor's token, in one transaction. The
 * header's {@code last_position} is the guard: an event at or below it has been applied and is skipped.
 */
@Component
@ProcessingGroup(NegotiationHistoryProjection.NAME)
public class NegotiationHistoryProjection {

    public static final String NAME = "negotiation-history";
    private static final String BATCH = NegotiationHistoryProjection.class.getName() + ".batch";
    private static final Logger LOG = LoggerFactory.getLogger(NegotiationHistoryProjection.class);

    private final NegotiationHistoryTables tables;

    NegotiationHistoryProjection(NegotiationHistoryTables tables) {
        this.tables = tables;
    }

    @EventHandler
    void on(NegotiationOpened event, EventMessage<?> message) {
        long position = Positions.of(message);
        Batch batch = batch();
        UUID id = event.negotiationId().value();
        if (batch.entry(id) != null) {
            return; // already applied (a negotiation is opened once)
        }
        NegotiationEntry entry = new NegotiationEntry(id, event.relationshipId().value(), event.subject(),
                event.mandate(), message.getTimestamp(), actor(message));
        entry.lastPosition = position;
        entry.dirty = true;
        batch.entries.put(id, entry);
    }

    @EventHandler
    void on(ProposalMade event, EventMessage<?> message) {
        long position = Positions.of(message);
        NegotiationEntry entry = unapplied(event, position);
        if (entry == null) {
            return;
        }
        entry.add(new NegotiationEntry.Round(entry.negotiationId, event.round(), event.proposalId().value(),
                event.side(), event.terms(), event.madeAt(), message.getTimestamp(), actor(message),
                event.withinMandate(), event.breaches(), id(event.approvalId()),
                event.approvedBy() == null ? null : event.approvedBy().value(), event.approvedAt(), position));
        use(entry, event.approvalId(), event.proposalId().value(), position);
        applied(entry, position);
    }

    @EventHandler
    void on(ProposalTermsCorrected event, EventMessage<?> message) {
        long position = Positions.of(message);
        NegotiationEntry entry = unapplied(event, position);
        if (entry == null) {
            return;
        }
        NegotiationEntry.Round round = entry.roundOf(event.proposalId().value());
        if (round == null) {
            LOG.warn("correction at position {} names proposal {}, unknown in negotiation {}; skipped", position,
                    event.proposalId(), entry.negotiationId);
            applied(entry, position);
            return;
        }
        round.currentTerms = event.correctedTerms();
        round.currentWithinMandate = event.withinMandate();
        round.currentBreaches = event.breaches();
        round.correctionCount++;
        round.updatedPosition = position;
        round.changed = true;
        entry.newCorrections.add(new NegotiationEntry.Correction(position, entry.negotiationId,
                round.proposalId, round.round, event.side(), event.previousTerms(), event.correctedTerms(),
                event.reason(), actor(message), message.getTimestamp(), event.withinMandate(), event.breaches(),
                id(event.approvalId()), event.approvedBy() == null ? null : event.approvedBy().value(),
                event.approvedAt()));
        entry.recomputeConcessionsFrom(round.round, position);
        use(entry, event.approvalId(), round.proposalId, position);
        applied(entry, position);
    }

    @EventHandler
    void on(ApprovalRequested event, EventMessage<?> message) {
        long position = Positions.of(message);
        NegotiationEntry entry = unapplied(event, position);
        if (entry == null) {
            return;
        }
        NegotiationEntry.Approval approval = new NegotiationEntry.Approval(event.approvalId().value(),
                entry.negotiationId, event.terms(), event.breaches(), event.justification(),
                event.requestedBy().value(), message.getTimestamp(), position);
        approval.changed = true;
        entry.approvals.put(approval.approvalId, approval);
        applied(entry, position);
    }

    @EventHandler
    void on(ApprovalGranted event, EventMessage<?> message) {
        long position = Positions.of(message);
        NegotiationEntry entry = unapplied(event, position);
        if (entry == null) {
            return;
        }
        decide(entry, event.approvalId(), "GRANTED", event.approvedBy().value(), event.grantedAt(), event.comment(),
                position);
        applied(entry, position);
    }

    @EventHandler
    void on(ApprovalDenied event, EventMessage<?> message) {
        long position = Positions.of(message);
        NegotiationEntry entry = unapplied(event, position);
        if (entry == null) {
            return;
        }
        decide(entry, event.approvalId(), "DENIED", event.deniedBy().value(), event.deniedAt(), event.reason(),
                position);
        applied(entry, position);
    }

    @EventHandler
    void on(NegotiationConcluded event, EventMessage<?> message) {
        long position = Positions.of(message);
        NegotiationEntry entry = unapplied(event, position);
        if (entry == null) {
            return;
        }
        entry.status = NegotiationStatus.valueOf(event.outcome().name());
        entry.outcome = event.outcome().name();
        entry.concludedAt = message.getTimestamp();
        entry.concludedBy = actor(message);
        entry.agreedProposalId = event.agreedProposalId() == null ? null : event.agreedProposalId().value();
        entry.agreedTerms = event.agreedTerms();
        entry.conclusionReason = event.reason();
        entry.timeToAgreementSeconds = event.outcome() == NegotiationOutcome.AGREED
                ? Math.max(0, Duration.between(entry.began(), entry.concludedAt).getSeconds()) : null;
        applied(entry, position);
    }

    @ResetHandler
    void reset() {
        tables.deleteAll();
    }

    /** The negotiation, or null when the event was applied already (or its negotiation was never opened). */
    private NegotiationEntry unapplied(NegotiationEvent event, long position) {
        NegotiationEntry entry = batch().entry(event.negotiationId().value());
        if (entry == null) {
            LOG.warn("{} at position {} for negotiation {}, which was never opened; skipped",
                    event.getClass().getSimpleName(), position, event.negotiationId());
            return null;
        }
        return entry.lastPosition >= position ? null : entry;
    }

    private static void applied(NegotiationEntry entry, long position) {
        entry.lastPosition = position;
        entry.dirty = true;
    }

    private static void decide(NegotiationEntry entry, ApprovalId approvalId, String status, String by,
                               java.time.Instant at, String comment, long position) {
        NegotiationEntry.Approval approval = entry.approvals.get(approvalId.value());
        if (approval == null) {
            LOG.warn("decision at position {} on approval {}, unknown in negotiation {}; skipped", position,
                    approvalId, entry.negotiationId);
            return;
        }
        approval.status = status;
        approval.decidedBy = by;
        approval.decidedAt = at;
        approval.comment = comment;
        approval.lastPosition = position;
        approval.changed = true;
    }

    private static void use(NegotiationEntry entry, ApprovalId approvalId, UUID proposalId, long position) {
        if (approvalId == null) {
            return;
        }
        NegotiationEntry.Approval approval = entry.approvals.get(approvalId.value());
        if (approval != null) {
            approval.usedByProposalId = proposalId;
            approval.usedByPosition = position;
            approval.lastPosition = position;
            approval.changed = true;
        }
    }

    private static UUID id(ApprovalId id) {
        return id == null ? null : id.value();
    }

    private static String actor(EventMessage<?> message) {
        Object actor = message.getMetaData().get(Actor.NAME_KEY);
        return actor == null ? null : actor.toString();
    }

    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> tables.saveAll(batch.entries.values()));
            return batch;
        });
    }

    /** The negotiations one batch touched, loaded once and written together when the batch commits. */
    private final class Batch {
        final Map<UUID, NegotiationEntry> entries = new LinkedHashMap<>();
        final Map<UUID, Boolean> absent = new HashMap<>();

        NegotiationEntry entry(UUID id) {
            if (!entries.containsKey(id) && !absent.containsKey(id)) {
                tables.load(id).ifPresentOrElse(found -> entries.put(id, found), () -> absent.put(id, true));
            }
            return entries.get(id);
        }
    }
}
