package dev.relationshipledger.deploy.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The search for the sustained rate against a ledger whose capacity is known, and the judgement of one trial. */
class SustainedRateTest {

    /** A ledger that keeps up with anything up to {@code capacity} commands per second. */
    private static SustainedRate.Load capacity(double capacity, List<Double> tried) {
        return rate -> {
            tried.add(rate);
            return SustainedRate.judge(rate, Math.min(rate, capacity), 0, rate <= capacity ? 0.2 : 5.0, 1.0);
        };
    }

    @Test
    void bisectsDownFromTheUpperBoundToWithinItsSixteenth() throws Exception {
        List<Double> tried = new ArrayList<>();

        SustainedRate.Result found = SustainedRate.search(1000, 5, capacity(610, tried));

        assertThat(tried).containsExactly(1000.0, 500.0, 750.0, 625.0, 562.5);
        assertThat(found.perSecond()).isEqualTo(562.5); // the highest sustained trial, below 610 by less than 1000/16
        assertThat(found.trials()).extracting(SustainedRate.Trial::sustained)
                .containsExactly(false, true, false, false, true);
    }

    @Test
    void stopsAtTheUpperBoundWhenThatIsSustained() throws Exception {
        List<Double> tried = new ArrayList<>();

        SustainedRate.Result found = SustainedRate.search(400, 5, capacity(610, tried));

        assertThat(tried).containsExactly(400.0);
        assertThat(found.perSecond()).isEqualTo(400);
    }

    @Test
    void answersNothingWhenNoTrialIsSustained() throws Exception {
        SustainedRate.Result found = SustainedRate.search(1000, 3, capacity(10, new ArrayList<>()));

        assertThat(found.perSecond()).isZero();
        assertThat(found.trials()).hasSize(3);
    }

    @Test
    void aTrialIsSustainedOnlyIfAnsweredInPaceWithoutFailuresAndTheProjectionsKeptUp() {
        assertThat(SustainedRate.judge(500, 480, 0, 0.8, 1.0).sustained()).isTrue();
        assertThat(SustainedRate.judge(500, 470, 0, 0.8, 1.0).sustained()).as("answers behind the arrivals").isFalse();
        assertThat(SustainedRate.judge(500, 500, 1, 0.8, 1.0).sustained()).as("a failed command").isFalse();
        assertThat(SustainedRate.judge(500, 500, 0, 1.2, 1.0).sustained()).as("projections behind S4's bound").isFalse();
        assertThat(SustainedRate.judge(500, 480, 0, 0.8, 1.0).answeredPerSecond()).isCloseTo(480, within(1e-9));
    }

    @Test
    void refusesANonsensicalSearch() {
        assertThatThrownBy(() -> SustainedRate.search(0, 5, capacity(1, new ArrayList<>())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SustainedRate.search(100, 0, capacity(1, new ArrayList<>())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
