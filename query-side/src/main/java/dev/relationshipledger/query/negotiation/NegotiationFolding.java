package dev.relationshipledger.query.negotiation;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Folds negotiation events into the negotiation history, one batch at a time: each negotiation is loaded once,
 * changed in memory and written by {@link #save()}. Used by the live projection (one batch per unit of work, the
 * live tables) and by a rebuild (the shadow tables), so both write exactly the same rows. The header's
 * {@code last_position} is the guard: an event at or below it has been applied and is skipped.
 */
public final class NegotiationFolding {

    private static final Logger LOG = LoggerFactory.getLogger(NegotiationFolding.class);

    private final NegotiationHistoryTables tables;
    private final boolean tablesStartEmpty;
    private final Map<UUID, NegotiationEntry> entries = new LinkedHashMap<>();
    private final Map<UUID, Boolean> absent = new HashMap<>();
    /** Negotiations written (and perhaps forgotten); only kept when the tables started empty. */
    private final Set<UUID> written = new HashSet<>();

    /**
     * @param tablesStartEmpty the tables held nothing when the batch began (a rebuild's shadow tables): only the
     *                         negotiations it wrote itself are looked up, not one query per negotiation opened
     */
    NegotiationFolding(NegotiationHistoryTables tables, boolean tablesStartEmpty) {
        this.tables = tables;
        this.tablesStartEmpty = tablesStartEmpty;
    }

    /** A batch over the tables with the given suffix ({@code ""} live, {@code "_next"} shadow), written through {@code through}. */
    public static NegotiationFolding over(JdbcTemplate through, String tableSuffix, boolean tablesStartEmpty) {
        return new NegotiationFolding(new NegotiationHistoryTables(through, tableSuffix), tablesStartEmpty);
    }

    /** Folds one event in, recorded at {@code recordedAt} by {@code actor} (null when unknown). */
    public void apply(NegotiationEvent event, long position, Instant recordedAt, String actor) {
        if (event instanceof NegotiationOpened e) {
            opened(e, position, recordedAt, actor);
            return;
        }
        NegotiationEntry entry = unapplied(event, position);
        if (entry == null) {
            return;
        }
        if (event instanceof ProposalMade e) {
            proposed(entry, e, position, recordedAt, actor);
        } else if (event instanceof ProposalTermsCorrected e) {
            corrected(entry, e, position, recordedAt, actor);
        } else if (event instanceof ApprovalRequested e) {
            NegotiationEntry.Approval approval = new NegotiationEntry.Approval(e.approvalId().value(),
                    entry.negotiationId, e.terms(), e.breaches(), e.justification(), e.requestedBy().value(),
                    recordedAt, position);
            approval.changed = true;
            entry.approvals.put(approval.approvalId, approval);
        } else if (event instanceof ApprovalGranted e) {
            decide(entry, e.approvalId(), "GRANTED", e.approvedBy().value(), e.grantedAt(), e.comment(), position);
        } else if (event instanceof ApprovalDenied e) {
            decide(entry, e.approvalId(), "DENIED", e.deniedBy().value(), e.deniedAt(), e.reason(), position);
        } else if (event instanceof NegotiationConcluded e) {
            concluded(entry, e, recordedAt, actor);
        }
        entry.lastPosition = position;
        entry.dirty = true;
    }

    /** Writes what changed, then forgets it: a negotiation coming again is read back from the tables. */
    public void save() {
        write(entries.values());
        entries.clear();
        absent.clear();
    }

    /**
     * Writes the concluded negotiations and forgets them: a rebuild's pass does this at every flush, so that its
     * writes are spread over the pass instead of all coming at its end (rarely does a concluded one come again; it
     * is then read back).
     */
    public void saveConcluded() {
        List<NegotiationEntry> concluded = entries.values().stream()
                .filter(entry -> entry.status != NegotiationStatus.OPEN).toList();
        write(concluded);
        concluded.forEach(entry -> entries.remove(entry.negotiationId));
    }

    /**
     * Writes negotiations. Into tables that started empty, the ones never written before go in whole by
     * {@code COPY}; the others are upserted with what changed.
     */
    private void write(Collection<NegotiationEntry> batch) {
        if (!tablesStartEmpty) {
            tables.saveAll(batch);
            return;
        }
        Map<Boolean, List<NegotiationEntry>> isNew = batch.stream()
                .collect(Collectors.partitioningBy(entry -> !written.contains(entry.negotiationId)));
        tables.copyAll(isNew.get(true));
        tables.saveAll(isNew.get(false));
        batch.forEach(entry -> written.add(entry.negotiationId));
    }

    /** How many negotiations the batch holds in memory. */
    public int held() {
        return entries.size();
    }

    /** Empties the tables. */
    public void deleteAll() {
        tables.deleteAll();
    }

    private void opened(NegotiationOpened event, long position, Instant recordedAt, String actor) {
        UUID id = event.negotiationId().value();
        if (entry(id) != null) {
            return; // already applied (a negotiation is opened once)
        }
        NegotiationEntry entry = new NegotiationEntry(id, event.relationshipId().value(), event.subject(),
                event.mandate(), recordedAt, actor);
        entry.lastPosition = position;
        entry.dirty = true;
        absent.remove(id);
        entries.put(id, entry);
    }

    private static void proposed(NegotiationEntry entry, ProposalMade event, long position, Instant recordedAt,
                                 String actor) {
        entry.add(new NegotiationEntry.Round(entry.negotiationId, event.round(), event.proposalId().value(),
                event.side(), event.terms(), event.madeAt(), recordedAt, actor, event.withinMandate(),
                event.breaches(), id(event.approvalId()),
                event.approvedBy() == null ? null : event.approvedBy().value(), event.approvedAt(), position));
        use(entry, event.approvalId(), event.proposalId().value(), position);
    }

    private static void corrected(NegotiationEntry entry, ProposalTermsCorrected event, long position,
                                  Instant recordedAt, String actor) {
        NegotiationEntry.Round round = entry.roundOf(event.proposalId().value());
        if (round == null) {
            LOG.warn("correction at position {} names proposal {}, unknown in negotiation {}; skipped", position,
                    event.proposalId(), entry.negotiationId);
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
                event.reason(), actor, recordedAt, event.withinMandate(), event.breaches(),
                id(event.approvalId()), event.approvedBy() == null ? null : event.approvedBy().value(),
                event.approvedAt()));
        entry.recomputeConcessionsFrom(round.round, position);
        use(entry, event.approvalId(), round.proposalId, position);
    }

    private static void concluded(NegotiationEntry entry, NegotiationConcluded event, Instant recordedAt,
                                  String actor) {
        entry.status = NegotiationStatus.valueOf(event.outcome().name());
        entry.outcome = event.outcome().name();
        entry.concludedAt = recordedAt;
        entry.concludedBy = actor;
        entry.agreedProposalId = event.agreedProposalId() == null ? null : event.agreedProposalId().value();
        entry.agreedTerms = event.agreedTerms();
        entry.conclusionReason = event.reason();
        entry.timeToAgreementSeconds = event.outcome() == NegotiationOutcome.AGREED
                ? Math.max(0, Duration.between(entry.began(), entry.concludedAt).getSeconds()) : null;
    }

    /** The negotiation, or null when the event was applied already (or its negotiation was never opened). */
    private NegotiationEntry unapplied(NegotiationEvent event, long position) {
        NegotiationEntry entry = entry(event.negotiationId().value());
        if (entry == null) {
            LOG.warn("{} at position {} for negotiation {}, which was never opened; skipped",
                    event.getClass().getSimpleName(), position, event.negotiationId());
            return null;
        }
        return entry.lastPosition >= position ? null : entry;
    }

    private NegotiationEntry entry(UUID id) {
        if (!entries.containsKey(id) && !absent.containsKey(id)) {
            if (tablesStartEmpty && !written.contains(id)) {
                absent.put(id, true);
            } else {
                tables.load(id).ifPresentOrElse(found -> entries.put(id, found), () -> absent.put(id, true));
            }
        }
        return entries.get(id);
    }

    private static void decide(NegotiationEntry entry, ApprovalId approvalId, String status, String by,
                               Instant at, String comment, long position) {
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
}
