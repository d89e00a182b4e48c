package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.Terms;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How far a side moved between two of its consecutive proposals, term by term (see
 * docs/read-models/negotiation-history.md, "Concession"). Pure: terms in, numbers out.
 *
 * <p>For a proposal of side S, compared with S's previous proposal ({@code previousOwn}), per term:
 * {@code change} = new − old and its {@code direction} (UP, DOWN, SAME); {@code towardOther} is true when the new
 * value is strictly closer to the other side's latest proposal's value ({@code otherLatest}) than the old value was
 * (a real concession), false when it is not closer (further away, the same distance, or unchanged), and null when
 * the question cannot be answered: the other side has not proposed yet, a value is missing, or prices are in
 * different currencies. Without a previous proposal of S there is no concession at all.
 */
public final class Concession {

    /** The terms compared, in this order. Conditions are words and are not compared. */
    public static final List<String> TERMS = List.of("price", "quantity", "durationMonths", "paymentTermsDays",
            "discountPercent");

    public enum Direction {
        UP, DOWN, SAME
    }

    /** A proposal as the comparison needs it: its round and its (current) terms. */
    public record Offer(int round, Terms terms) {
    }

    /**
     * One term's movement. {@code from}/{@code to} are S's previous and new values, {@code other} the other side's
     * latest value (null when absent or not comparable); {@code note} says why something is null.
     */
    public record TermChange(BigDecimal from, BigDecimal to, BigDecimal other, BigDecimal change, Direction direction,
                             Boolean towardOther, String note) {

        /** Numbers in one plain form, however they were built or read back. */
        public TermChange {
            from = plain(from);
            to = plain(to);
            other = plain(other);
            change = plain(change);
        }
    }

    /**
     * The concession of one proposal: which rounds it was compared with, every term's movement, and the terms
     * conceded ({@code towardOther} true) and moved away from the other side (false and changed).
     */
    public record Result(int comparedWithRound, Integer otherSideRound, Map<String, TermChange> terms,
                         List<String> conceded, List<String> movedAway) {

        /** Terms always in {@link #TERMS} order (jsonb, for one, stores object keys in an order of its own). */
        public Result {
            Map<String, TermChange> ordered = new LinkedHashMap<>();
            for (String term : TERMS) {
                if (terms.containsKey(term)) {
                    ordered.put(term, terms.get(term));
                }
            }
            terms.forEach(ordered::putIfAbsent);
            terms = java.util.Collections.unmodifiableMap(ordered);
            conceded = conceded == null ? List.of() : List.copyOf(conceded);
            movedAway = movedAway == null ? List.of() : List.copyOf(movedAway);
        }
    }

    private Concession() {
    }

    /**
     * @param current     the new proposal's terms
     * @param previousOwn the same side's previous proposal, null for its first
     * @param otherLatest the other side's latest proposal before the new one, null when it has not proposed yet
     * @return empty for the first proposal of a side
     */
    public static Optional<Result> of(Terms current, Offer previousOwn, Offer otherLatest) {
        if (current == null || previousOwn == null) {
            return Optional.empty();
        }
        Terms old = previousOwn.terms();
        Terms other = otherLatest == null ? null : otherLatest.terms();
        Map<String, TermChange> terms = new LinkedHashMap<>();
        terms.put("price", price(old.price(), current.price(), other == null ? null : other.price()));
        terms.put("quantity", number(old, current, other, Terms::quantity));
        terms.put("durationMonths", number(old, current, other, t -> decimal(t.durationMonths())));
        terms.put("paymentTermsDays", number(old, current, other, t -> decimal(t.paymentTermsDays())));
        terms.put("discountPercent", number(old, current, other, Terms::discountPercent));
        List<String> conceded = new ArrayList<>();
        List<String> movedAway = new ArrayList<>();
        terms.forEach((name, change) -> {
            if (Boolean.TRUE.equals(change.towardOther())) {
                conceded.add(name);
            } else if (Boolean.FALSE.equals(change.towardOther()) && change.direction() != Direction.SAME) {
                movedAway.add(name);
            }
        });
        return Optional.of(new Result(previousOwn.round(), otherLatest == null ? null : otherLatest.round(),
                terms, List.copyOf(conceded), List.copyOf(movedAway)));
    }

    private static TermChange price(Money old, Money now, Money other) {
        if (!old.sameCurrencyAs(now)) {
            return new TermChange(old.amount(), now.amount(), null, null, null, null,
                    "currency changed from " + old.currency() + " to " + now.currency());
        }
        if (other != null && !other.sameCurrencyAs(now)) {
            return compare(old.amount(), now.amount(), null, "the other side's price is in " + other.currency());
        }
        return compare(old.amount(), now.amount(), other == null ? null : other.amount(),
                other == null ? "the other side has not proposed yet" : null);
    }

    private static TermChange number(Terms old, Terms now, Terms other, Function<Terms, BigDecimal> term) {
        BigDecimal from = term.apply(old);
        BigDecimal to = term.apply(now);
        if (from == null || to == null) {
            return new TermChange(from, to, null, null, null, null,
                    from == null && to == null ? "not given" : "not given in both proposals");
        }
        if (other == null) {
            return compare(from, to, null, "the other side has not proposed yet");
        }
        BigDecimal theirs = term.apply(other);
        return compare(from, to, theirs, theirs == null ? "not given by the other side" : null);
    }

    private static TermChange compare(BigDecimal from, BigDecimal to, BigDecimal other, String note) {
        BigDecimal change = to.subtract(from);
        Direction direction = switch (change.signum()) {
            case 1 -> Direction.UP;
            case -1 -> Direction.DOWN;
            default -> Direction.SAME;
        };
        Boolean towardOther = other == null ? null
                : to.subtract(other).abs().compareTo(from.subtract(other).abs()) < 0;
        return new TermChange(from, to, other, change, direction, towardOther, note);
    }

    private static BigDecimal decimal(Integer value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }

    /** 100 rather than 1E+2 or 100.00, so that stored and answered numbers read the same. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
