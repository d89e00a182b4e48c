package dev.relationshipledger.kernel.negotiation;

import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.validation.Check;

import java.math.BigDecimal;
import java.util.List;

/**
 * The structured terms of a proposal, carried over into a contract.
 *
 * @param price            unit price
 * @param quantity         units (default 1); the total value is price × quantity
 * @param durationMonths   term of the deal in months
 * @param paymentTermsDays days until payment is due
 * @param discountPercent  discount granted, 0–100 (default 0)
 * @param conditions       further conditions in words
 */
public record Terms(Money price, BigDecimal quantity, Integer durationMonths, Integer paymentTermsDays,
                    BigDecimal discountPercent, List<String> conditions) {

    public static final int MAX_CONDITIONS = 30;

    public Terms {
        quantity = quantity == null ? BigDecimal.ONE : quantity;
        discountPercent = discountPercent == null ? BigDecimal.ZERO : discountPercent;
        conditions = Check.listOf(conditions);
        Check.that()
                .notNull("price", price)
                .isTrue(quantity.signum() > 0, "quantity", "must be positive")
                .isTrue(quantity.compareTo(Money.MAX_AMOUNT) <= 0, "quantity", "is too large")
                .isTrue(durationMonths == null || (durationMonths > 0 && durationMonths <= 600), "durationMonths",
                        "must be between 1 and 600")
                .isTrue(paymentTermsDays == null || (paymentTermsDays >= 0 && paymentTermsDays <= 3650),
                        "paymentTermsDays", "must be between 0 and 3650")
                .isTrue(discountPercent.signum() >= 0 && discountPercent.compareTo(BigDecimal.valueOf(100)) <= 0,
                        "discountPercent", "must be between 0 and 100")
                .maxSize("conditions", conditions, MAX_CONDITIONS)
                .eachNotBlank("conditions", conditions, Check.LONG_TEXT)
                .done();
    }

    /** price × quantity, less the discount. */
    public Money totalValue() {
        BigDecimal gross = price.amount().multiply(quantity);
        BigDecimal net = gross.subtract(gross.multiply(discountPercent).movePointLeft(2));
        return new Money(net.setScale(Math.min(4, Math.max(0, net.stripTrailingZeros().scale())), java.math.RoundingMode.HALF_EVEN),
                price.currency());
    }
}
