package dev.relationshipledger.deploy.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationContext;

import java.util.Locale;
import java.util.Map;

/**
 * What group commit (decision 0018) did during a measurement, from the command side's own meters: how many commands
 * a stored group held on average, how many commands were decided again alone because their group was not stored,
 * how often a committer set a command aside because the other committer's group held its relationship, and how many
 * commands were turned away undecided after waiting past max-wait. Nothing when group commit is off (the meters do
 * not exist then).
 */
final class GroupSizes {

    private final DistributionSummary sizes;
    private final long groups0;
    private final double commands0;
    private final CountSince decidedAgain;
    private final CountSince setAside;
    private final CountSince notDecided;

    /** A counter's count from the measurement's start; 0 when the counter does not exist. */
    private record CountSince(Counter counter, double start) {
        static CountSince of(MeterRegistry registry, String name) {
            Counter counter = registry.find(name).counter();
            return new CountSince(counter, counter == null ? 0 : counter.count());
        }

        double count() {
            return counter == null ? 0 : counter.count() - start;
        }
    }

    private GroupSizes(MeterRegistry registry) {
        this.sizes = registry.find("ledger.command.group.size").summary();
        this.groups0 = sizes == null ? 0 : sizes.count();
        this.commands0 = sizes == null ? 0 : sizes.totalAmount();
        this.decidedAgain = CountSince.of(registry, "ledger.command.group.decided.again");
        this.setAside = CountSince.of(registry, "ledger.command.group.set.aside");
        this.notDecided = CountSince.of(registry, "ledger.command.group.not.decided");
    }

    /** Counts from now on. */
    static GroupSizes from(ApplicationContext commandSide) {
        return of(commandSide.getBean(MeterRegistry.class));
    }

    static GroupSizes of(MeterRegistry registry) {
        return new GroupSizes(registry);
    }

    /** Adds {@code groupCommit} (groups, mean size, the three counts) to a result entry; no-op with group commit off. */
    void into(Map<String, Object> entry) {
        if (sizes == null) {
            return;
        }
        entry.put("groupCommit", Map.of(
                "groups", sizes.count() - groups0,
                "meanGroupSize", meanSize(),
                "decidedAgain", decidedAgain.count(),
                "setAside", setAside.count(),
                "notDecided", notDecided.count()));
    }

    /** For the table: "3.4 commands per group, 12 decided again, 5 set aside, 0 not decided"; empty when off. */
    String describe() {
        if (sizes == null) {
            return "";
        }
        return String.format(Locale.ROOT, "%.1f commands per group, %,.0f decided again, %,.0f set aside, %,.0f not decided",
                meanSize(), decidedAgain.count(), setAside.count(), notDecided.count());
    }

    private double meanSize() {
        long groups = sizes.count() - groups0;
        return groups == 0 ? 0 : (sizes.totalAmount() - commands0) / groups;
    }
}
