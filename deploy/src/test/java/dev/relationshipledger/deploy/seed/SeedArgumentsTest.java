package dev.relationshipledger.deploy.seed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's seeding arguments are taken out; everything else still goes to Spring. */
class SeedArgumentsTest {

    @Test
    void seedAndItsRandomAreConsumedTheRestPassesOn() {
        Seeding.Arguments parsed = Seeding.parse(new String[]{"--seed", "150", "--server.port=0", "--seed-random", "7"});
        assertThat(parsed.request()).contains(new Seeding.Request(150, 7));
        assertThat(parsed.rest()).containsExactly("--server.port=0");
    }

    @Test
    void theRandomSeedDefaultsTo42AndTheEqualsFormWorksToo() {
        assertThat(Seeding.parse(new String[]{"--seed=20"}).request()).contains(new Seeding.Request(20, 42));
        assertThat(Seeding.parse(new String[]{"--logging.level.root=WARN"}).request()).isEmpty();
    }

    @Test
    void aSeedWithoutANumberIsRefused() {
        assertThatThrownBy(() -> Seeding.parse(new String[]{"--seed"})).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> Seeding.parse(new String[]{"--seed", "many"})).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> Seeding.parse(new String[]{"--seed", "0"})).hasMessageContaining("1 or more");
    }
}
