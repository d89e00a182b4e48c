package dev.relationshipledger.deploy.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationContext;

import java.util.Locale;
import java.util.Map;

/**
 * What group commit (decision 0018) did during a measurement, from the command side's own meters: how many commands
 * a stored group held on average, and how many commands were decided again alone because their group was not
 * stored. Nothing when group commit is off (the meters do not exist then).
 */
final class GroupSizes {

    private final DistributionSummary sizes;
    private final Counter decidedAgain;
    private final long groups0;
    private final double commands0;
    private final double decidedAgain0;

    private GroupSizes(MeterRegistry registry) {
        this.sizes = registry.find("ledger.command.group.size").summary();
        this.decidedAgain = registry.find("ledger.command.group.decided.again").counter();
        this.groups0 = sizes == null ? 0 : sizes.count();
        this.commands0 = sizes == null ? 0 : sizes.totalAmount();
        this.decidedAgain0 = decidedAgain == null ? 0 : decidedAgain.count();
    }

    /** Counts from now on. */
    static GroupSizes from(ApplicationContext commandSide) {
        return of(commandSide.getBean(MeterRegistry.class));
    }

    static GroupSizes of(MeterRegistry registry) {
        return new GroupSizes(registry);
    }

    /** Adds {@code groupCommit} (groups, mean size, decided again) to a result entry; no-op with group commit off. */
    void into(Map<String, Object> entry) {
        if (sizes == null) {
            return;
        }
        long groups = sizes.count() - groups0;
        entry.put("groupCommit", Map.of(
                "groups", groups,
                "meanGroupSize", groups == 0 ? 0.0 : (sizes.totalAmount() - commands0) / groups,
                "decidedAgain", decidedAgain == null ? 0.0 : decidedAgain.count() - decidedAgain0));
    }

    /** For the table: "3.4 commands per group, 12 decided again", or empty with group commit off. */
    String describe() {
        if (sizes == null) {
            return "";
        }
        long groups = sizes.count() - groups0;
        double mean = groups == 0 ? 0 : (sizes.totalAmount() - commands0) / groups;
        double again = decidedAgain == null ? 0 : decidedAgain.count() - decidedAgain0;
        return String.format(Locale.ROOT, "%.1f commands per group, %,.0f decided again", mean, again);
    }
}
