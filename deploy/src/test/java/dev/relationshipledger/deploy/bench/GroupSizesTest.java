package dev.relationshipledger.deploy.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's reading of group commit's meters counts only what happened during the measurement. */
class GroupSizesTest {

    @Test
    void countsTheGroupsStoredSinceItStarted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DistributionSummary sizes = registry.summary("ledger.command.group.size");
        sizes.record(30); // before the measurement
        registry.counter("ledger.command.group.decided.again").increment(7);
        registry.counter("ledger.command.group.set.aside").increment(3);
        registry.counter("ledger.command.group.not.decided");

        GroupSizes during = GroupSizes.of(registry);
        sizes.record(2);
        sizes.record(4);
        sizes.record(6);
        registry.counter("ledger.command.group.decided.again").increment(5);
        registry.counter("ledger.command.group.set.aside").increment(2);

        Map<String, Object> entry = new LinkedHashMap<>();
        during.into(entry);
        assertThat(entry.get("groupCommit")).isEqualTo(Map.of("groups", 3L, "meanGroupSize", 4.0, "decidedAgain", 5.0,
                "setAside", 2.0, "notDecided", 0.0));
        assertThat(during.describe()).isEqualTo("4.0 commands per group, 5 decided again, 2 set aside, 0 not decided");
    }

    @Test
    void withGroupCommitOffThereIsNothingToReport() {
        GroupSizes during = GroupSizes.of(new SimpleMeterRegistry());
        Map<String, Object> entry = new LinkedHashMap<>();
        during.into(entry);
        assertThat(entry).isEmpty();
        assertThat(during.describe()).isEmpty();
    }
}
