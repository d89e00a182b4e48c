package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.query.store.Positions;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.ApprovalGranted;
import dev.relationshipledger.kernel.negotiation.ApprovalRequested;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationEvent;
import dev.relationshipledger.kernel.negotiation.NegotiationOpened;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.ProposalMade;
import dev.relationshipledger.kernel.negotiation.ProposalTermsCorrected;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.negotiation.ApprovalDenied;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection's logic without a database: a fake table keeps what each batch writes. Replaying the same events
 * changes nothing; one batch or one event per batch end alike; a correction re-measures later concessions.
 */
class NegotiationHistoryProjectionTest {

    static final NegotiationId NEGOTIATION = NegotiationId.generate();
    static final RelationshipId RELATIONSHIP = RelationshipId.generate();
    static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
    static final Mandate MANDATE = new Mandate(Money.of("100", "EUR"), null, BigDecimal.TEN, 12, 36,
            List.of(UserName.of("maria")));
    static final ProposalId P1 = ProposalId.generate();
    static final ProposalId P2 = ProposalId.generate();
    static final ProposalId P3 = ProposalId.generate();
    static final ProposalId P4 = ProposalId.generate();
    static final ApprovalId APPROVAL = ApprovalId.generate();
    static final ApprovalId DENIED = ApprovalId.generate();

    /** Keeps written rows like the tables do: an entry per negotiation, cleaned when loaded again. */
    static final class FakeTables extends NegotiationHistoryTables {
        final Map<UUID, NegotiationEntry> stored = new HashMap<>();
        final Map<Long, NegotiationEntry.Correction> corrections = new TreeMap<>();
        int headerWrites;
        int roundWrites;
        int approvalWrites;

        FakeTables() {
            super(null, "");
        }

        @Override
        Optional<NegotiationEntry> load(UUID negotiationId) {
            NegotiationEntry entry = stored.get(negotiationId);
            if (entry != null) {
                entry.dirty = false;
                entry.rounds.values().forEach(r -> r.changed = false);
                entry.approvals.values().forEach(a -> a.changed = false);
                entry.newCorrections.clear();
            }
            return Optional.ofNullable(entry);
        }

        @Override
        void saveAll(Collection<NegotiationEntry> entries) {
            for (NegotiationEntry entry : entries) {
                if (!entry.dirty) {
                    continue;
                }
                headerWrites++;
                roundWrites += (int) entry.rounds.values().stream().filter(r -> r.changed).count();
                approvalWrites += (int) entry.approvals.values().stream().filter(a -> a.changed).count();
                entry.newCorrections.forEach(c -> corrections.putIfAbsent(c.position(), c));
                stored.put(entry.negotiationId, entry);
            }
        }

        @Override
        void deleteAll() {
            stored.clear();
            corrections.clear();
        }
    }

    record Recorded(long position, NegotiationEvent event, Instant recordedAt) {
    }

    static Terms terms(String price, int days) {
        return new Terms(Money.of(price, "EUR"), new BigDecimal("1000"), 24, days, BigDecimal.ZERO, List.of());
    }

    static List<Recorded> history() {
        List<Recorded> events = new ArrayList<>();
        events.add(new Recorded(10, new NegotiationOpened(NEGOTIATION, RELATIONSHIP, "supply", MANDATE), T0));
        events.add(new Recorded(11, made(P1, Side.OURS, terms("130", 30), 1, List.of(), null, T0.plusSeconds(60)),
                T0.plusSeconds(61)));
        events.add(new Recorded(12, made(P2, Side.THEIRS, terms("90", 60), 2, List.of("price 90 below floor 100"), null,
                T0.plusSeconds(3660)), T0.plusSeconds(3661)));
        events.add(new Recorded(13, made(P3, Side.OURS, terms("115", 45), 3, List.of(), null, T0.plusSeconds(5460)),
                T0.plusSeconds(5461)));
        events.add(new Recorded(14, new ApprovalRequested(NEGOTIATION, RELATIONSHIP, APPROVAL, terms("98", 45),
                "volume", UserName.of("rita"), List.of("price 98 below floor 100")), T0.plusSeconds(5500)));
        events.add(new Recorded(15, new ApprovalRequested(NEGOTIATION, RELATIONSHIP, DENIED, terms("80", 45),
                "try", UserName.of("rita"), List.of("price 80 below floor 100")), T0.plusSeconds(5501)));
        events.add(new Recorded(16, new ApprovalGranted(NEGOTIATION, RELATIONSHIP, APPROVAL, UserName.of("maria"),
                T0.plusSeconds(5600), "ok"), T0.plusSeconds(5600)));
        events.add(new Recorded(17, new ApprovalDenied(NEGOTIATION, RELATIONSHIP, DENIED, UserName.of("maria"),
                T0.plusSeconds(5601), "too low"), T0.plusSeconds(5601)));
        events.add(new Recorded(18, made(P4, Side.OURS, terms("98", 45), 4, List.of("price 98 below floor 100"),
                APPROVAL, T0.plusSeconds(5700)), T0.plusSeconds(5701)));
        events.add(new Recorded(19, new ProposalTermsCorrected(NEGOTIATION, RELATIONSHIP, P2, Side.THEIRS,
                terms("90", 60), terms("140", 60), "misheard", true, List.of(), null, null, null), T0.plusSeconds(5800)));
        events.add(new Recorded(20, new NegotiationConcluded(NEGOTIATION, RELATIONSHIP, NegotiationOutcome.AGREED, P4,
                terms("98", 45), null), T0.plusSeconds(7260)));
        return events;
    }

    static ProposalMade made(ProposalId id, Side side, Terms terms, int round, List<String> breaches,
                             ApprovalId approval, Instant madeAt) {
        return new ProposalMade(NEGOTIATION, RELATIONSHIP, id, side, terms, round, breaches.isEmpty(), breaches,
                approval, approval == null ? null : UserName.of("maria"),
                approval == null ? null : T0.plusSeconds(5600), madeAt);
    }

    /** Applies events in one batch (one unit of work), as a processor does. */
    static void batch(NegotiationHistoryProjection projection, List<Recorded> events) {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message(events.get(0)));
        for (Recorded recorded : events) {
            EventMessage<?> message = message(recorded);
            projection.on(recorded.event(), message);
        }
        unitOfWork.commit();
    }

    static EventMessage<?> message(Recorded recorded) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), recorded.event(), Map.of("actor", "rita", Positions.KEY, recorded.position()),
                recorded.recordedAt());
    }

    static NegotiationEntry projected(FakeTables tables) {
        return tables.stored.get(NEGOTIATION.value());
    }

    @Test
    void theHistoryIsProjected() {
        FakeTables tables = new FakeTables();
        batch(new NegotiationHistoryProjection(tables), history());
        NegotiationEntry entry = projected(tables);
        assertThat(entry.status).isEqualTo(NegotiationStatus.AGREED);
        assertThat(entry.rounds).hasSize(4);
        assertThat(entry.lastPosition).isEqualTo(20);
        assertThat(entry.openedBy).isEqualTo("rita");
        // began with the opening (T0), agreed at T0 + 7260 s
        assertThat(entry.timeToAgreementSeconds).isEqualTo(7260);
        assertThat(entry.rounds.get(1).secondsSincePreviousRound).isNull();
        assertThat(entry.rounds.get(2).secondsSincePreviousRound).isEqualTo(3600);
        assertThat(entry.rounds.get(4).secondsSincePreviousRound).isEqualTo(240);
        assertThat(entry.rounds.get(2).currentTerms.price().amount()).isEqualByComparingTo("140");
        assertThat(entry.rounds.get(2).terms.price().amount()).isEqualByComparingTo("90");
        assertThat(entry.rounds.get(2).currentWithinMandate).isTrue();
        assertThat(entry.rounds.get(2).withinMandate).isFalse();
        assertThat(entry.rounds.get(2).correctionCount).isEqualTo(1);
        assertThat(tables.corrections).containsOnlyKeys(19L);

        NegotiationEntry.Approval granted = entry.approvals.get(APPROVAL.value());
        assertThat(granted.status).isEqualTo("GRANTED");
        assertThat(granted.decidedBy).isEqualTo("maria");
        assertThat(granted.usedByProposalId).isEqualTo(P4.value());
        assertThat(granted.usedByPosition).isEqualTo(18);
        NegotiationEntry.Approval denied = entry.approvals.get(DENIED.value());
        assertThat(denied.status).isEqualTo("DENIED");
        assertThat(denied.comment).isEqualTo("too low");
        assertThat(denied.usedByProposalId).isNull();
    }

    @Test
    void aCorrectionReMeasuresTheConcessionsThatCompareWithIt() {
        FakeTables tables = new FakeTables();
        NegotiationHistoryProjection projection = new NegotiationHistoryProjection(tables);
        List<Recorded> events = history();
        batch(projection, events.subList(0, 9));
        // round 3 (ours 130 → 115) against their 90 as made: closer
        Concession.TermChange before = projected(tables).rounds.get(3).concession.terms().get("price");
        assertThat(before.other()).isEqualByComparingTo("90");
        assertThat(before.towardOther()).isTrue();

        batch(projection, events.subList(9, 10));
        NegotiationEntry entry = projected(tables);
        // their 90 was really 140: 130 → 115 now moves away from it; round 4 (115 → 98) does as well
        Concession.TermChange after = entry.rounds.get(3).concession.terms().get("price");
        assertThat(after.other()).isEqualByComparingTo("140");
        assertThat(after.towardOther()).isFalse();
        assertThat(entry.rounds.get(3).updatedPosition).isEqualTo(19);
        assertThat(entry.rounds.get(4).concession.terms().get("price").towardOther()).isFalse();
        assertThat(entry.rounds.get(1).updatedPosition).as("nothing to re-measure before it").isEqualTo(11);
    }

    @Test
    void replayingEventsChangesNothing() {
        FakeTables tables = new FakeTables();
        NegotiationHistoryProjection projection = new NegotiationHistoryProjection(tables);
        batch(projection, history());
        String before = describe(projected(tables));
        int headerWrites = tables.headerWrites;

        batch(projection, history());
        for (Recorded recorded : history()) {
            batch(projection, List.of(recorded));
        }
        assertThat(tables.headerWrites).isEqualTo(headerWrites);
        assertThat(describe(projected(tables))).isEqualTo(before);
        assertThat(tables.corrections).hasSize(1);
    }

    @Test
    void oneEventPerBatchEndsLikeOneBatch() {
        FakeTables together = new FakeTables();
        batch(new NegotiationHistoryProjection(together), history());
        FakeTables apart = new FakeTables();
        NegotiationHistoryProjection projection = new NegotiationHistoryProjection(apart);
        history().forEach(recorded -> batch(projection, List.of(recorded)));
        assertThat(describe(projected(apart))).isEqualTo(describe(projected(together)));
    }

    @Test
    void eventsOfANegotiationNeverOpenedAreSkippedAndResetEmpties() {
        FakeTables tables = new FakeTables();
        NegotiationHistoryProjection projection = new NegotiationHistoryProjection(tables);
        batch(projection, history().subList(1, 3));
        assertThat(tables.stored).isEmpty();
        batch(projection, history());
        projection.reset();
        assertThat(tables.stored).isEmpty();
        assertThat(tables.corrections).isEmpty();
    }

    /** Everything the tables would hold, as text (positions included). */
    static String describe(NegotiationEntry e) {
        StringBuilder text = new StringBuilder();
        text.append(e.status).append(e.concludedAt).append(e.outcome).append(e.agreedProposalId).append(e.agreedTerms)
                .append(e.timeToAgreementSeconds).append(e.lastPosition).append('\n');
        e.rounds.values().forEach(r -> text.append(r.round).append(r.proposalId).append(r.side).append(r.terms)
                .append(r.currentTerms).append(r.madeAt).append(r.recordedAt).append(r.actor).append(r.withinMandate)
                .append(r.breaches).append(r.approvalId).append(r.approvedBy).append(r.approvedAt)
                .append(r.currentWithinMandate).append(r.currentBreaches).append(r.correctionCount)
                .append(r.secondsSincePreviousRound).append(r.concession).append(r.position).append(r.updatedPosition)
                .append('\n'));
        e.approvals.values().forEach(a -> text.append(a.approvalId).append(a.status).append(a.decidedBy)
                .append(a.decidedAt).append(a.comment).append(a.usedByProposalId).append(a.usedByPosition)
                .append(a.lastPosition).append('\n'));
        return text.toString();
    }
}
