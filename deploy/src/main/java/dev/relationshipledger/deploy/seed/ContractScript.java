package dev.relationshipledger.deploy.seed;

import dev.relationshipledger.kernel.contract.ContractAmended;
import dev.relationshipledger.kernel.contract.ContractExpired;
import dev.relationshipledger.kernel.contract.ContractReinstated;
import dev.relationshipledger.kernel.contract.ContractRenewed;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.contract.ContractSuspended;
import dev.relationshipledger.kernel.contract.ContractTerminated;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.Terms;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.relationshipledger.deploy.seed.RelationshipHistory.RELATIONSHIP_MANAGER;
import static dev.relationshipledger.deploy.seed.Vocabulary.pick;

/**
 * One contract as the Contract aggregate allows it: signed (from an agreed negotiation with its terms, or directly),
 * amended, renewed while active, suspended and reinstated, sometimes terminated; one still in force whose end date
 * lies before the history's last day is expired by the system, as the scheduled expiry check does.
 */
final class ContractScript {

    /** The ledger's own actor for expiries (Contract.SYSTEM), with no roles. */
    static final String SYSTEM = "system";

    private final RelationshipHistory history;
    private final SplittableRandom random;
    private final ContractId id;
    private final NegotiationScript negotiation;
    private Terms terms;
    private LocalDate endsOn;
    private String status;

    ContractScript(RelationshipHistory history, int n, NegotiationScript negotiation) {
        this.history = history;
        this.random = history.random;
        this.negotiation = negotiation;
        this.id = new ContractId(history.uuid("contract", n));
    }

    ContractId id() {
        return id;
    }

    LocalDate endsOn() {
        return endsOn;
    }

    String status() {
        return status;
    }

    List<Step> plan() {
        List<Step> steps = new ArrayList<>();
        terms = negotiation != null ? negotiation.agreedTerms() : directTerms();
        Terms signed = terms;
        String title = (negotiation != null ? "Agreement " : "Framework contract ") + pick(random, Vocabulary.SUBJECTS);
        steps.add(Step.of(() -> {
            LocalDate startsOn = history.timeline().today().plusDays(1 + random.nextInt(30));
            int months = signed.durationMonths() == null ? 12 : signed.durationMonths();
            endsOn = startsOn.plusMonths(months).minusDays(1);
            status = "ACTIVE";
            record(new ContractSigned(id, history.id, negotiation == null ? null : negotiation.id(), signed, startsOn,
                    endsOn, title));
        }));
        for (int a = random.nextInt(3); a > 0; a--) {
            Terms previous = terms;
            terms = withPrice(previous, previous.price().amount().multiply(new BigDecimal("1.03")));
            Terms amended = terms;
            steps.add(Step.of(() -> record(new ContractAmended(id, history.id, previous, amended, "price index clause"))));
        }
        if (random.nextInt(8) == 0) {
            steps.add(Step.of(() -> {
                status = "SUSPENDED";
                record(new ContractSuspended(id, history.id, "unpaid invoices"));
            }));
            int outcome = random.nextInt(10);
            if (outcome < 6) {
                steps.add(Step.of(() -> {
                    status = "ACTIVE";
                    record(new ContractReinstated(id, history.id, "invoices paid"));
                }));
            } else {
                if (outcome < 8) {
                    steps.add(terminate("payment default"));
                }
                return steps; // terminated, or still suspended
            }
        }
        if (random.nextInt(10) < 3) {
            Terms renewedTerms = random.nextBoolean() ? terms
                    : withPrice(terms, terms.price().amount().multiply(new BigDecimal("1.02")));
            terms = renewedTerms;
            steps.add(Step.of(() -> {
                LocalDate previous = endsOn;
                endsOn = previous.plusYears(1);
                record(new ContractRenewed(id, history.id, previous, endsOn, renewedTerms));
            }));
        }
        if (random.nextInt(12) == 0) {
            steps.add(terminate("supplier insolvent"));
        }
        return steps;
    }

    private Step terminate(String reason) {
        return Step.of(() -> {
            LocalDate today = history.timeline().today();
            status = "TERMINATED";
            record(new ContractTerminated(id, history.id, reason, today.isAfter(endsOn) ? endsOn : today));
        });
    }

    /** Run after the history's last step: a contract still in force past its end date expires. */
    void expireIfOverdue() {
        if (status == null || !(status.equals("ACTIVE") || status.equals("SUSPENDED"))
                || !endsOn.isBefore(history.timeline().today())) {
            return;
        }
        history.timeline().tick();
        status = "EXPIRED";
        history.emit("Contract", id.toString(), new ContractExpired(id, history.id, endsOn), SYSTEM, "");
    }

    private Terms directTerms() {
        BigDecimal price = BigDecimal.valueOf(1_000 + random.nextInt(20_000), 2);
        return new Terms(new Money(price, "EUR"), BigDecimal.valueOf(1 + random.nextInt(50)), 12 * (1 + random.nextInt(2)),
                30, BigDecimal.ZERO, List.of(pick(random, Vocabulary.CONDITIONS)));
    }

    private static Terms withPrice(Terms terms, BigDecimal price) {
        return new Terms(new Money(price.setScale(2, RoundingMode.HALF_EVEN), terms.price().currency()), terms.quantity(),
                terms.durationMonths(), terms.paymentTermsDays(), terms.discountPercent(), terms.conditions());
    }

    private void record(LedgerEvent event) {
        history.emit("Contract", id.toString(), event, history.recorder().value(), RELATIONSHIP_MANAGER);
    }
}
