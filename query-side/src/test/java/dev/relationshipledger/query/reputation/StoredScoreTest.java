package dev.relationshipledger.query.reputation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one text both ways of writing points send for a score: four decimals, rounded half away from zero. */
class StoredScoreTest {

    @Test
    void roundsTheShortestDecimalHalfUpToFourDecimals() {
        assertThat(ReputationTimeline.stored(12)).isEqualTo("12.0000");
        assertThat(ReputationTimeline.stored(1.23455)).isEqualTo("1.2346");
        assertThat(ReputationTimeline.stored(1.23454999)).isEqualTo("1.2345");
        assertThat(ReputationTimeline.stored(-0.00005)).isEqualTo("-0.0001");
        assertThat(ReputationTimeline.stored(0.1 + 0.2)).isEqualTo("0.3000");
        assertThat(ReputationTimeline.stored(1e-7)).isEqualTo("0.0000");
    }
}
