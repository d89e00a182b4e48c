package dev.relationshipledger.command.operations;

import dev.relationshipledger.support.config.SettingRange;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;

/**
 * Checks the command side's {@code ledger.*} durations, sizes and counts (command-side.yml documents each with its
 * range) before any bean is created, so a value out of range stops the start-up with a message naming the property
 * and the range, instead of being accepted and misbehaving (a negative Idempotency-Key retention, a body limit of -1,
 * a schedule's interval that fails with "IllegalArgumentException: null"). {@code ledger.chain.*} is checked where it
 * is bound ({@code ChainSettings}), apart from the schedule's {@code verification-check-interval}.
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideSettings {

    @Bean
    static BeanFactoryPostProcessor commandSideSettingsChecked(Environment environment) {
        check(environment);
        return factory -> { };
    }

    /** Throws {@link IllegalArgumentException} naming the first property out of its range. */
    public static void check(Environment environment) {
        Binder binder = Binder.get(environment);
        SettingRange.atLeast("ledger.snapshots.relationship-every",
                integer(binder, "ledger.snapshots.relationship-every", 100), 1);
        SettingRange.between("ledger.snapshots.relationship-share-percent",
                integer(binder, "ledger.snapshots.relationship-share-percent", 25), 0, 100);
        SettingRange.atLeast("ledger.aggregates.cache-size", integer(binder, "ledger.aggregates.cache-size", 10000), 1);
        SettingRange.atLeast("ledger.aggregates.concurrent-append-retries",
                integer(binder, "ledger.aggregates.concurrent-append-retries", 3), 0);
        for (String timeout : new String[] {"idle-in-transaction-timeout", "statement-timeout", "lock-timeout"}) {
            String property = "ledger.store." + timeout;
            binder.bind(property, String.class).ifBound(value -> SettingRange.positivePostgresDuration(property, value));
        }
        SettingRange.positive("ledger.contracts.expiry-check-interval",
                duration(binder, "ledger.contracts.expiry-check-interval", Duration.ofHours(1)));
        SettingRange.notNegative("ledger.contracts.expiry-initial-delay",
                duration(binder, "ledger.contracts.expiry-initial-delay", Duration.ofMinutes(2)), "at start-up");
        SettingRange.positive("ledger.idempotency.retention",
                duration(binder, "ledger.idempotency.retention", Duration.ofHours(24)));
        SettingRange.positive("ledger.idempotency.cleanup-interval",
                duration(binder, "ledger.idempotency.cleanup-interval", Duration.ofMinutes(10)));
        SettingRange.atLeast("ledger.http.max-body-size",
                binder.bind("ledger.http.max-body-size", Long.class).orElse(262144L), 1L);
        SettingRange.positive("ledger.chain.verification-check-interval",
                duration(binder, "ledger.chain.verification-check-interval", Duration.ofMinutes(10)));
        SettingRange.positive("ledger.metrics.capacity-window",
                duration(binder, "ledger.metrics.capacity-window", Duration.ofMinutes(1)));
    }

    private static int integer(Binder binder, String property, int otherwise) {
        return binder.bind(property, Integer.class).orElse(otherwise);
    }

    private static Duration duration(Binder binder, String property, Duration otherwise) {
        return binder.bind(property, Duration.class).orElse(otherwise);
    }
}
