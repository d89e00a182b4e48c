package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.query.negotiation.Concession.Direction;
import dev.relationshipledger.query.negotiation.Concession.Offer;
import dev.relationshipledger.query.negotiation.Concession.Result;
import dev.relationshipledger.query.negotiation.Concession.TermChange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConcessionTest {

    static Terms terms(String price, String currency, String quantity, Integer months, Integer days, String discount) {
        return new Terms(Money.of(price, currency), quantity == null ? null : new BigDecimal(quantity), months, days,
                discount == null ? null : new BigDecimal(discount), List.of());
    }

    static Terms eur(String price) {
        return terms(price, "EUR", "1000", 24, 30, "5");
    }

    static Result concession(Terms now, Terms previousOwn, Terms otherLatest) {
        return Concession.of(now, new Offer(1, previousOwn), otherLatest == null ? null : new Offer(2, otherLatest))
                .orElseThrow();
    }

    static void assertChange(TermChange change, String change_, Direction direction, Boolean towardOther) {
        assertThat(change.change()).isEqualByComparingTo(change_);
        assertThat(change.direction()).isEqualTo(direction);
        assertThat(change.towardOther()).isEqualTo(towardOther);
    }

    @Test
    void theFirstProposalOfASideHasNoConcession() {
        assertThat(Concession.of(eur("120"), null, new Offer(1, eur("90")))).isEmpty();
        assertThat(Concession.of(eur("120"), null, null)).isEmpty();
    }

    @Test
    void aPriceMovedTowardTheOtherSideIsAConcession() {
        Result result = concession(eur("110"), eur("120"), eur("90"));
        TermChange price = result.terms().get("price");
        assertChange(price, "-10", Direction.DOWN, true);
        assertThat(price.from()).isEqualByComparingTo("120");
        assertThat(price.to()).isEqualByComparingTo("110");
        assertThat(price.other()).isEqualByComparingTo("90");
        assertThat(price.note()).isNull();
        assertThat(result.comparedWithRound()).isEqualTo(1);
        assertThat(result.otherSideRound()).isEqualTo(2);
        assertThat(result.conceded()).containsExactly("price");
        assertThat(result.movedAway()).isEmpty();
    }

    @Test
    void movingUpTowardAHigherOtherValueIsAlsoAConcession() {
        // the buyer's side: they raise their price toward our higher one
        TermChange price = concession(eur("95"), eur("90"), eur("120")).terms().get("price");
        assertChange(price, "5", Direction.UP, true);
    }

    @Test
    void movingAwayFromTheOtherSideIsNotAConcession() {
        Result result = concession(eur("130"), eur("120"), eur("90"));
        assertChange(result.terms().get("price"), "10", Direction.UP, false);
        assertThat(result.movedAway()).containsExactly("price");
        assertThat(result.conceded()).isEmpty();
    }

    @Test
    void anUnchangedTermIsSameAndNotAConcession() {
        Result result = concession(eur("120"), eur("120.00"), eur("90"));
        assertChange(result.terms().get("price"), "0", Direction.SAME, false);
        assertChange(result.terms().get("quantity"), "0", Direction.SAME, false);
        assertThat(result.conceded()).isEmpty();
        assertThat(result.movedAway()).isEmpty();
    }

    @Test
    void jumpingOverTheOtherValueCountsByDistance() {
        // 120 → 80 against their 90: distance 30 → 10, closer although past them
        assertChange(concession(eur("80"), eur("120"), eur("90")).terms().get("price"), "-40", Direction.DOWN, true);
        // 100 → 80 against their 90: distance 10 → 10, not closer
        assertChange(concession(eur("80"), eur("100"), eur("90")).terms().get("price"), "-20", Direction.DOWN, false);
        // 95 → 70 against their 90: distance 5 → 20, further
        assertChange(concession(eur("70"), eur("95"), eur("90")).terms().get("price"), "-25", Direction.DOWN, false);
    }

    @Test
    void withoutAProposalOfTheOtherSideTheChangeIsKnownButNotItsDirectionTowardThem() {
        Result result = concession(eur("110"), eur("120"), null);
        TermChange price = result.terms().get("price");
        assertChange(price, "-10", Direction.DOWN, null);
        assertThat(price.other()).isNull();
        assertThat(price.note()).isEqualTo("the other side has not proposed yet");
        assertThat(result.otherSideRound()).isNull();
        assertThat(result.conceded()).isEmpty();
        assertThat(result.movedAway()).isEmpty();
    }

    @Test
    void aCurrencyChangeMakesThePriceIncomparable() {
        TermChange price = concession(terms("100", "USD", "1000", 24, 30, "5"), eur("120"), eur("90"))
                .terms().get("price");
        assertThat(price.change()).isNull();
        assertThat(price.direction()).isNull();
        assertThat(price.towardOther()).isNull();
        assertThat(price.from()).isEqualByComparingTo("120");
        assertThat(price.to()).isEqualByComparingTo("100");
        assertThat(price.note()).isEqualTo("currency changed from EUR to USD");
    }

    @Test
    void anOtherSidePriceInAnotherCurrencyLeavesTheChangeButNotTowardOther() {
        TermChange price = concession(eur("110"), eur("120"), terms("90", "USD", "1000", 24, 30, "5"))
                .terms().get("price");
        assertChange(price, "-10", Direction.DOWN, null);
        assertThat(price.other()).isNull();
        assertThat(price.note()).isEqualTo("the other side's price is in USD");
    }

    @Test
    void aMissingTermIsNotComparable() {
        Result result = concession(terms("120", "EUR", "1000", null, 30, "5"), eur("120"), eur("90"));
        TermChange duration = result.terms().get("durationMonths");
        assertThat(duration.change()).isNull();
        assertThat(duration.direction()).isNull();
        assertThat(duration.towardOther()).isNull();
        assertThat(duration.from()).isEqualByComparingTo("24");
        assertThat(duration.to()).isNull();
        assertThat(duration.note()).isEqualTo("not given in both proposals");

        TermChange neither = concession(terms("120", "EUR", "1000", 24, null, "5"),
                terms("120", "EUR", "1000", 24, null, "5"), eur("90")).terms().get("paymentTermsDays");
        assertThat(neither.change()).isNull();
        assertThat(neither.note()).isEqualTo("not given");
    }

    @Test
    void aTermTheOtherSideLeftOutHasAChangeButNoTowardOther() {
        TermChange days = concession(terms("120", "EUR", "1000", 24, 45, "5"), eur("120"),
                terms("90", "EUR", "1000", 24, null, "5")).terms().get("paymentTermsDays");
        assertChange(days, "15", Direction.UP, null);
        assertThat(days.note()).isEqualTo("not given by the other side");
    }

    @Test
    void everyTermIsComparedAndConcessionsAreListedInTermOrder() {
        // ours: 120 EUR × 1000, 24 months, 30 days, 5 % → 115 × 1200, 30 months, 45 days, 7.5 %
        // theirs: 90 × 1500, 36 months, 60 days, 10 %
        Result result = concession(terms("115", "EUR", "1200", 30, 45, "7.5"), eur("120"),
                terms("90", "EUR", "1500", 36, 60, "10"));
        assertThat(result.terms()).containsOnlyKeys(Concession.TERMS);
        assertThat(result.terms().keySet()).containsExactlyElementsOf(Concession.TERMS);
        assertChange(result.terms().get("price"), "-5", Direction.DOWN, true);
        assertChange(result.terms().get("quantity"), "200", Direction.UP, true);
        assertChange(result.terms().get("durationMonths"), "6", Direction.UP, true);
        assertChange(result.terms().get("paymentTermsDays"), "15", Direction.UP, true);
        assertChange(result.terms().get("discountPercent"), "2.5", Direction.UP, true);
        assertThat(result.conceded()).containsExactlyElementsOf(Concession.TERMS);

        Result back = concession(terms("125", "EUR", "800", 12, 15, "2"), eur("120"),
                terms("90", "EUR", "1500", 36, 60, "10"));
        assertThat(back.movedAway()).containsExactlyElementsOf(Concession.TERMS);
        assertThat(back.conceded()).isEmpty();
    }

    @Test
    void termsKeepTheirOrderWhenReadBackFromJson() throws Exception {
        var json = dev.relationshipledger.kernel.json.LedgerJson.newMapper();
        Result result = concession(terms("115", "EUR", "1200", 30, 45, "7.5"), eur("120"), eur("90"));
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.valueToTree(result);
        var terms = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("terms");
        var reversed = json.createObjectNode();
        List<String> names = new java.util.ArrayList<>(Concession.TERMS);
        java.util.Collections.reverse(names);
        names.forEach(name -> reversed.set(name, terms.get(name)));
        tree.set("terms", reversed); // stored in another key order, as PostgreSQL's jsonb does
        Result read = json.treeToValue(tree, Result.class);
        assertThat(read.terms().keySet()).containsExactlyElementsOf(Concession.TERMS);
        assertThat(read).isEqualTo(result);
    }

    @Test
    void numbersArePlain() {
        TermChange price = concession(eur("200"), eur("100.00"), null).terms().get("price");
        assertThat(price.change().toString()).isEqualTo("100");
        assertThat(price.from().toString()).isEqualTo("100");
        TermChange discount = concession(terms("100", "EUR", "1", 24, 30, "7.50"), eur("100"), null)
                .terms().get("discountPercent");
        assertThat(discount.change().toString()).isEqualTo("2.5");
    }
}
