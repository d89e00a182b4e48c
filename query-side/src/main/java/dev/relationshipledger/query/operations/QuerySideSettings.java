package dev.relationshipledger.query.operations;

import dev.relationshipledger.support.config.SettingRange;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;

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
        Binder binder = Binder.get(environment);
        SettingRange.positive("ledger.metrics.capacity-window",
                duration(binder, "ledger.metrics.capacity-window", Duration.ofMinutes(1)));
        SettingRange.positive("ledger.read-your-writes.max-wait",
                duration(binder, "ledger.read-your-writes.max-wait", Duration.ofSeconds(5)));
        SettingRange.atLeast("ledger.time-travel.checkpoint-every",
                integer(binder, "ledger.time-travel.checkpoint-every", 500), 1);
        SettingRange.positive("ledger.events.poll-interval",
                duration(binder, "ledger.events.poll-interval", Duration.ofMillis(50)));
        SettingRange.atLeast("ledger.events.shared-window", integer(binder, "ledger.events.shared-window", 5000), 1);
        Duration gapTimeout = SettingRange.positive("ledger.events.gap-timeout",
                duration(binder, "ledger.events.gap-timeout", Duration.ofSeconds(60)));
        if (gapTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ledger.events.gap-timeout is a duration > 0 of at most "
                    + Duration.ofMillis(Integer.MAX_VALUE) + ", not " + gapTimeout);
        }
        SettingRange.between("ledger.events.max-gap-offset",
                integer(binder, "ledger.events.max-gap-offset", 10000), 1, MAX_GAP_OFFSET);
        SettingRange.positive("ledger.processors.share-refresh-interval",
                duration(binder, "ledger.processors.share-refresh-interval", Duration.ofSeconds(2)));
        SettingRange.positive("ledger.processors.claim-extension-threshold",
                duration(binder, "ledger.processors.claim-extension-threshold", Duration.ofSeconds(1)));
        SettingRange.atLeast("ledger.rebuild.flush-every", integer(binder, "ledger.rebuild.flush-every", 5000), 1);
        SettingRange.atLeast("ledger.rebuild.max-held-states",
                integer(binder, "ledger.rebuild.max-held-states", 20000), 1);
    }

    private static int integer(Binder binder, String property, int otherwise) {
        return binder.bind(property, Integer.class).orElse(otherwise);
    }

    private static Duration duration(Binder binder, String property, Duration otherwise) {
        return binder.bind(property, Duration.class).orElse(otherwise);
    }
}
