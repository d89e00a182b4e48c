package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.validation.Check;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits within which the relationship manager may offer without approval, and who may approve going beyond
 * them. Every limit is optional; a proposal of ours is inside the mandate when it breaks none. Terms without a
 * duration break a mandate that limits the duration either way: an open-ended deal outlasts any longest term, and
 * promises no shortest one.
 *
 * @param priceFloor         lowest unit price we may offer (selling)
 * @param priceCeiling       highest unit price we may accept to offer (buying)
 * @param maxDiscountPercent largest discount we may grant
 * @param minDurationMonths  shortest term we may offer
 * @param maxDurationMonths  longest term we may offer
 * @param approvers          who may approve a proposal outside these limits (at least one)
 */
public record Mandate(Money priceFloor, Money priceCeiling, BigDecimal maxDiscountPercent, Integer minDurationMonths,
                      Integer maxDurationMonths, List<UserName> approvers) {

    public Mandate {
        approvers = Check.listOf(approvers);
        Check.that()
                .isTrue(!approvers.isEmpty(), "approvers", "must name at least one approver")
                .maxSize("approvers", approvers, 20)
                .eachNotNull("approvers", approvers)
                .isTrue(priceFloor == null || priceCeiling == null || priceFloor.sameCurrencyAs(priceCeiling),
                        "priceCeiling", "must be in the currency of priceFloor")
                .isTrue(priceFloor == null || priceCeiling == null || !priceFloor.sameCurrencyAs(priceCeiling)
                        || priceFloor.compareTo(priceCeiling) <= 0, "priceCeiling", "must not be below priceFloor")
                .isTrue(maxDiscountPercent == null || (maxDiscountPercent.signum() >= 0
                        && maxDiscountPercent.compareTo(BigDecimal.valueOf(100)) <= 0), "maxDiscountPercent", "must be between 0 and 100")
                .isTrue(minDurationMonths == null || minDurationMonths > 0, "minDurationMonths", "must be positive")
                .isTrue(minDurationMonths == null || maxDurationMonths == null || minDurationMonths <= maxDurationMonths,
                        "maxDurationMonths", "must not be below minDurationMonths")
                .done();
    }

    /** The limits the terms break, in words (empty when the terms are inside the mandate). */
    public List<String> breaches(Terms terms) {
        List<String> breaches = new ArrayList<>();
        Money price = terms.price();
        if (priceFloor != null) {
            if (!price.sameCurrencyAs(priceFloor)) {
                breaches.add("price currency " + price.currency() + " differs from the mandate's " + priceFloor.currency());
            } else if (price.compareTo(priceFloor) < 0) {
                breaches.add("price " + price.amount().toPlainString() + " below floor " + priceFloor.amount().toPlainString());
            }
        }
        if (priceCeiling != null) {
            if (!price.sameCurrencyAs(priceCeiling)) {
                breaches.add("price currency " + price.currency() + " differs from the mandate's " + priceCeiling.currency());
            } else if (price.compareTo(priceCeiling) > 0) {
                breaches.add("price " + price.amount().toPlainString() + " above ceiling " + priceCeiling.amount().toPlainString());
            }
        }
        if (maxDiscountPercent != null && terms.discountPercent().compareTo(maxDiscountPercent) > 0) {
            breaches.add("discount " + terms.discountPercent().toPlainString() + "% above " + maxDiscountPercent.toPlainString() + "%");
        }
        if (terms.durationMonths() == null && (minDurationMonths != null || maxDurationMonths != null)) {
            // No duration is no fixed end: longer than any longest term, and no shortest term is promised.
            breaches.add("no duration given; the mandate allows " + durationRange());
        }
        if (terms.durationMonths() != null && minDurationMonths != null && terms.durationMonths() < minDurationMonths) {
            breaches.add("duration " + terms.durationMonths() + " months below " + minDurationMonths);
        }
        if (terms.durationMonths() != null && maxDurationMonths != null && terms.durationMonths() > maxDurationMonths) {
            breaches.add("duration " + terms.durationMonths() + " months above " + maxDurationMonths);
        }
        return List.copyOf(new java.util.LinkedHashSet<>(breaches));
    }

    private String durationRange() {
        if (minDurationMonths != null && maxDurationMonths != null) {
            return minDurationMonths + " to " + maxDurationMonths + " months";
        }
        return minDurationMonths != null ? "at least " + minDurationMonths + " months"
                : "at most " + maxDurationMonths + " months";
    }
}
