package dev.relationshipledger.query.operations;

import dev.relationshipledger.support.config.SettingRange;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Checks the query side's {@code ledger.*} durations, sizes and counts (query-side.yml documents each with its range)
 * before any bean is created, so a value out of range stops the start-up with a message naming the property and the
 * range, instead of being accepted and misbehaving (a negative {@code read-your-writes.max-wait} answering every
 * atLeast query with 503 at once). {@code ledger.processors.niceness} is checked by {@link BackgroundPriority},
 * {@code ledger.ui.*} where it is bound ({@code UiProperties}).
 */
@Configuration(proxyBeanMethods = false)
public class QuerySideSettings {

    /** Every gap a token keeps is a bind parameter of the read query, which PostgreSQL limits. */
    static final int MAX_GAP_OFFSET = 30_000;

    @Bean
    static BeanFactoryPostProcessor querySideSettingsChecked(Environment environment) {
        check(environment);
        return factory -> { };
    }

    /** Throws {@link IllegalArgumentException} naming the first property out of its range. */
    public static void check(Environment environment) {
        SettingRange.in(environment)
                .positive("ledger.metrics.capacity-window")
                .positive("ledger.read-your-writes.max-wait")
                .atLeast("ledger.time-travel.checkpoint-every", 1)
                .positive("ledger.events.poll-interval")
                .atLeast("ledger.events.shared-window", 1)
                .positiveIntMillis("ledger.events.gap-timeout")
                .between("ledger.events.max-gap-offset", 1, MAX_GAP_OFFSET)
                .positive("ledger.processors.share-refresh-interval")
                .positive("ledger.processors.claim-extension-threshold")
                .atLeast("ledger.rebuild.flush-every", 1)
                .atLeast("ledger.rebuild.max-held-states", 1);
    }
}
