package dev.relationshipledger.command.operations;

import dev.relationshipledger.support.config.SettingRange;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
        SettingRange.in(environment)
                .atLeast("ledger.snapshots.relationship-every", 1)
                .between("ledger.snapshots.relationship-share-percent", 0, 100)
                .atLeast("ledger.aggregates.cache-size", 1)
                .atLeast("ledger.aggregates.concurrent-append-retries", 0)
                .atLeast("ledger.commands.group-commit.committers", 1)
                .atLeast("ledger.commands.group-commit.max-group", 2)
                .positivePostgresDuration("ledger.store.idle-in-transaction-timeout")
                .positivePostgresDuration("ledger.store.statement-timeout")
                .positivePostgresDuration("ledger.store.lock-timeout")
                .positive("ledger.contracts.expiry-check-interval")
                .notNegative("ledger.contracts.expiry-initial-delay", "at start-up")
                .positive("ledger.idempotency.retention")
                .positive("ledger.idempotency.cleanup-interval")
                .atLeast("ledger.http.max-body-size", 1)
                .positive("ledger.chain.verification-check-interval")
                .positive("ledger.metrics.capacity-window");
    }
}
