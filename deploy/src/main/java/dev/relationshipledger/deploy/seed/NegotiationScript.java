package dev.relationshipledger.deploy.seed;

import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.ApprovalDenied;
import dev.relationshipledger.kernel.negotiation.ApprovalGranted;
import dev.relationshipledger.kernel.negotiation.ApprovalRequested;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationOpened;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.ProposalMade;
import dev.relationshipledger.kernel.negotiation.ProposalTermsCorrected;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.relationshipledger.deploy.seed.RelationshipHistory.MANAGER;
import static dev.relationshipledger.deploy.seed.RelationshipHistory.MARIA;
import static dev.relationshipledger.deploy.seed.RelationshipHistory.RELATIONSHIP_MANAGER;
import static dev.relationshipledger.deploy.seed.Vocabulary.pick;

/**
 * One negotiation as the Negotiation aggregate allows it: opened with a mandate (a price floor when we sell, a
 * ceiling when we buy a supplier's goods), proposals alternating between the sides over several rounds and
 * converging; an offer of ours outside the mandate goes out only with an approval requested by the owner and
 * granted by maria (named in the mandate); a denied one is replaced by an offer at the mandate's limit. Concluded
 * AGREED on an offer of ours (or on theirs when it lies within the mandate), WALKED_AWAY or LOST, or left open.
 * An agreed negotiation usually becomes a contract, signed from it with the agreed terms.
 */
final class NegotiationScript {

    private final RelationshipHistory history;
    private final SplittableRandom random;
    private final NegotiationId id;
    private final int n;
    private final boolean selling;
    private final String currency;
    private final Map<ProposalId, Terms> current = new HashMap<>();
    private Mandate mandate;
    private Instant grantedAt;
    private Instant lastMadeAt;
    private NegotiationOutcome outcome;
    private Terms agreedTerms;
    private ContractScript contract;
    private boolean recorded;

    NegotiationScript(RelationshipHistory history, int n) {
        this.history = history;
        this.random = history.random;
        this.n = n;
        this.id = new NegotiationId(history.uuid("negotiation", n));
        this.selling = history.kind != CounterpartyKind.SUPPLIER;
        this.currency = random.nextInt(6) == 0 ? "USD" : "EUR";
    }

    NegotiationId id() {
        return id;
    }

    /** Null while open, or when the negotiation was cut from a history to keep it within its budget. */
    NegotiationOutcome outcome() {
        return recorded ? outcome : null;
    }

    Terms agreedTerms() {
        return agreedTerms;
    }

    /** The contract signed from it, if any. */
    ContractScript contract() {
        return contract;
    }

    List<Step> plan() {
        List<Step> steps = new ArrayList<>();
        BigDecimal base = BigDecimal.valueOf(2_000 + random.nextInt(48_000), 2); // 20.00 to 499.99
        BigDecimal quantity = BigDecimal.valueOf(10L * (1 + random.nextInt(100)));
        int duration = 12 * (1 + random.nextInt(3));
        List<String> conditions = List.of(pick(random, Vocabulary.CONDITIONS));
        mandate = selling
                ? new Mandate(money(base, "0.90", currency), null, BigDecimal.TEN, 12, 36, List.of(MARIA))
                : new Mandate(null, money(base, "1.10", currency), BigDecimal.valueOf(5), 12, 48, List.of(MARIA));
        String subject = "" + (2026 + n) + " " + pick(random, Vocabulary.SUBJECTS);
        Mandate opened = mandate;
        steps.add(Step.of(() -> {
            recorded = true;
            record(new NegotiationOpened(id, history.id, subject, opened));
        }));

        // our opening is generous to us, theirs to them; both move towards a meeting point, sometimes beyond our limit
        boolean pushed = random.nextInt(4) == 0;
        BigDecimal meet = factor(base, selling ? (pushed ? 0.84 : 0.95) : (pushed ? 1.16 : 1.05));
        BigDecimal ours = factor(base, selling ? 1.15 : 0.85);
        BigDecimal theirs = factor(base, selling ? 0.80 : 1.20);
        int proposals = 2 + random.nextInt(5);
        Side side = random.nextBoolean() ? Side.OURS : Side.THEIRS;
        int oursCount = side == Side.OURS ? (proposals + 1) / 2 : proposals / 2;
        int theirsCount = proposals - oursCount;
        int oursMade = 0;
        int theirsMade = 0;
        int round = 0;
        ProposalId last = null;
        Side lastSide = null;
        for (int p = 0; p < proposals; p++, side = side == Side.OURS ? Side.THEIRS : Side.OURS) {
            ProposalId proposal = new ProposalId(history.uuid("negotiation-" + n + "-proposal", p));
            BigDecimal price = side == Side.OURS
                    ? between(ours, meet, oursCount <= 1 ? 1 : (double) oursMade++ / (oursCount - 1))
                    : between(theirs, meet, (double) ++theirsMade / (theirsCount + 1));
            BigDecimal discount = BigDecimal.valueOf(random.nextInt(side == Side.OURS && pushed ? 12 : 6));
            Terms terms = new Terms(new Money(price, currency), quantity, duration, 30, discount, conditions);
            if (side == Side.OURS && !mandate.breaches(terms).isEmpty()) {
                terms = approvedOrWithinMandate(steps, p, terms);
            }
            int thisRound = ++round;
            Terms made = terms;
            ApprovalId approval = side == Side.OURS && !mandate.breaches(terms).isEmpty()
                    ? new ApprovalId(history.uuid("negotiation-" + n + "-approval", p)) : null;
            Side madeBy = side;
            steps.add(Step.of(() -> propose(proposal, madeBy, made, thisRound, approval)));
            current.put(proposal, terms);
            last = proposal;
            lastSide = side;
            if (random.nextInt(12) == 0 && (side == Side.THEIRS || mandate.breaches(terms).isEmpty())) {
                Terms corrected = new Terms(terms.price(), terms.quantity(), terms.durationMonths(),
                        terms.paymentTermsDays() + 15, terms.discountPercent(), terms.conditions());
                Terms previous = terms;
                current.put(proposal, corrected);
                steps.add(Step.of(() -> correct(proposal, madeBy, previous, corrected)));
            }
        }
        conclude(steps, last, lastSide);
        return steps;
    }

    /**
     * An offer of ours outside the mandate: the owner asks for approval, maria decides; granted, it goes out as
     * planned (naming the approval); denied, an offer at the mandate's limit goes out instead.
     */
    private Terms approvedOrWithinMandate(List<Step> steps, int p, Terms terms) {
        ApprovalId approval = new ApprovalId(history.uuid("negotiation-" + n + "-approval", p));
        List<String> breaches = mandate.breaches(terms);
        steps.add(Step.of(() -> record(new ApprovalRequested(id, history.id, approval, terms,
                "volume justifies it", history.owner(), breaches), history.owner().value(), RELATIONSHIP_MANAGER)));
        if (random.nextInt(4) != 0) {
            steps.add(Step.of(() -> {
                grantedAt = history.timeline().now();
                record(new ApprovalGranted(id, history.id, approval, MARIA, grantedAt, "ok for this deal"),
                        MARIA.value(), MANAGER);
            }));
            return terms;
        }
        steps.add(Step.of(() -> record(new ApprovalDenied(id, history.id, approval, MARIA,
                history.timeline().now(), "too deep"), MARIA.value(), MANAGER)));
        BigDecimal price = selling ? terms.price().amount().max(mandate.priceFloor().amount())
                : terms.price().amount().min(mandate.priceCeiling().amount());
        return new Terms(new Money(price, currency), terms.quantity(), terms.durationMonths(), terms.paymentTermsDays(),
                terms.discountPercent().min(mandate.maxDiscountPercent()), terms.conditions());
    }

    private void propose(ProposalId proposal, Side side, Terms terms, int round, ApprovalId approval) {
        List<String> breaches = mandate.breaches(terms);
        // back-dated a little, unless it waited for an approval; never before the proposal it answers
        Instant madeAt = approval != null ? history.timeline().now()
                : history.timeline().backdated(lastMadeAt == null ? Timeline.START : lastMadeAt);
        lastMadeAt = madeAt;
        record(new ProposalMade(id, history.id, proposal, side, terms, round, breaches.isEmpty(), breaches, approval,
                approval == null ? null : MARIA, approval == null ? null : grantedAt, madeAt));
    }

    private void correct(ProposalId proposal, Side side, Terms previous, Terms corrected) {
        List<String> breaches = mandate.breaches(corrected);
        record(new ProposalTermsCorrected(id, history.id, proposal, side, previous, corrected,
                "payment terms were mistyped", breaches.isEmpty(), breaches, null, null, null));
    }

    private void conclude(List<Step> steps, ProposalId last, Side lastSide) {
        int roll = random.nextInt(20);
        if (roll < 3) {
            return; // still being negotiated
        }
        Terms lastTerms = current.get(last);
        boolean acceptable = lastSide == Side.OURS || mandate.breaches(lastTerms).isEmpty();
        if (roll < 15 && acceptable) {
            outcome = NegotiationOutcome.AGREED;
            agreedTerms = lastTerms;
            steps.add(Step.of(() -> record(new NegotiationConcluded(id, history.id, NegotiationOutcome.AGREED, last,
                    lastTerms, "signed off"))));
            if (random.nextInt(10) < 8) {
                contract = new ContractScript(history, n, this);
                history.contracts().add(contract);
                steps.addAll(contract.plan());
            }
            return;
        }
        outcome = roll % 2 == 0 ? NegotiationOutcome.WALKED_AWAY : NegotiationOutcome.LOST;
        NegotiationOutcome ended = outcome;
        steps.add(Step.of(() -> record(new NegotiationConcluded(id, history.id, ended, null, null,
                ended == NegotiationOutcome.LOST ? "competitor was cheaper" : "terms too far apart"))));
    }

    private void record(LedgerEvent event) {
        record(event, history.recorder().value(), RELATIONSHIP_MANAGER);
    }

    private void record(LedgerEvent event, String actor, String roles) {
        history.emit("Negotiation", id.toString(), event, actor, roles);
    }

    private static Money money(BigDecimal base, String factor, String currency) {
        return new Money(base.multiply(new BigDecimal(factor)).setScale(2, RoundingMode.HALF_EVEN), currency);
    }

    private static BigDecimal factor(BigDecimal base, double factor) {
        return base.multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal between(BigDecimal from, BigDecimal to, double share) {
        return from.add(to.subtract(from).multiply(BigDecimal.valueOf(share))).setScale(2, RoundingMode.HALF_EVEN);
    }
}
