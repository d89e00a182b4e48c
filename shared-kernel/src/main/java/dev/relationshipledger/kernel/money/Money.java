package dev.relationshipledger.kernel.money;

import dev.relationshipledger.kernel.validation.Check;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount in one currency (ISO 4217 code). Amounts are non-negative, with at most four decimal places;
 * amounts in different currencies are never added or compared.
 */
public record Money(BigDecimal amount, String currency) {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    public Money {
        currency = currency == null ? null : currency.strip().toUpperCase(java.util.Locale.ROOT);
        Check.that()
                .notNull("amount", amount)
                .notNull("currency", currency)
                .isTrue(amount == null || amount.signum() >= 0, "amount", "must not be negative")
                .isTrue(amount == null || amount.compareTo(MAX_AMOUNT) <= 0, "amount", "must be at most " + MAX_AMOUNT.toPlainString())
                .isTrue(amount == null || amount.stripTrailingZeros().scale() <= 4, "amount", "must have at most 4 decimal places")
                .isTrue(currency == null || isIsoCurrency(currency), "currency", "must be an ISO 4217 code such as EUR")
                .done();
        amount = amount.stripTrailingZeros().scale() < 0 ? amount.setScale(0) : amount.stripTrailingZeros();
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    public boolean sameCurrencyAs(Money other) {
        return currency.equals(other.currency);
    }

    /** Compares amounts of the same currency. */
    public int compareTo(Money other) {
        if (!sameCurrencyAs(other)) {
            throw new IllegalArgumentException("cannot compare " + currency + " with " + other.currency);
        }
        return amount.compareTo(other.amount);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    private static boolean isIsoCurrency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
