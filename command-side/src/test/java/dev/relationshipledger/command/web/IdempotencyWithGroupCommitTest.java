package dev.relationshipledger.command.web;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of {@link IdempotencyTest} again with group commit on (decision 0018): concurrent retries under one key
 * land in one group, which is then decided again alone; each retry still gets the first one's answer.
 */
@TestPropertySource(properties = "ledger.commands.group-commit.enabled=true")
class IdempotencyWithGroupCommitTest extends IdempotencyTest {

    @Autowired
    MeterRegistry registry;

    @Test
    void theRetriesWentThroughTheCommitters() throws Exception {
        DistributionSummary stored = registry.get("ledger.command.group.size").summary();
        double before = stored.totalAmount();
        concurrentRetriesAppendOnce();
        assertThat(stored.totalAmount() - before).as("commands the committers stored").isPositive();
    }
}
