package dev.relationshipledger.query.operations;

import dev.relationshipledger.query.ui.UiProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * A {@code ledger.*} duration, size or count out of its range (query-side.yml) stops the start-up with a message
 * naming the property and the range, instead of being accepted and misbehaving.
 */
class QuerySideSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ledger.read-your-writes.max-wait=-5s         | ledger.read-your-writes.max-wait is a duration > 0",
            "ledger.read-your-writes.max-wait=0s          | ledger.read-your-writes.max-wait is a duration > 0",
            "ledger.metrics.capacity-window=0s            | ledger.metrics.capacity-window is a duration > 0",
            "ledger.time-travel.checkpoint-every=0        | ledger.time-travel.checkpoint-every is at least 1",
            "ledger.events.poll-interval=-50ms            | ledger.events.poll-interval is a duration > 0",
            "ledger.events.shared-window=0                | ledger.events.shared-window is at least 1",
            "ledger.events.gap-timeout=-60s               | ledger.events.gap-timeout is a duration > 0",
            "ledger.events.gap-timeout=30d                | ledger.events.gap-timeout is a duration > 0 of at most",
            "ledger.events.max-gap-offset=0               | ledger.events.max-gap-offset is from 1 to 30000",
            "ledger.events.max-gap-offset=40000           | ledger.events.max-gap-offset is from 1 to 30000",
            "ledger.processors.share-refresh-interval=0s  | ledger.processors.share-refresh-interval is a duration > 0",
            "ledger.processors.claim-extension-threshold=-1s | ledger.processors.claim-extension-threshold is a duration > 0",
            "ledger.rebuild.flush-every=0                 | ledger.rebuild.flush-every is at least 1",
            "ledger.rebuild.max-held-states=-1            | ledger.rebuild.max-held-states is at least 1",
    })
    void aValueOutOfRangeStopsTheStartNamingTheProperty(String property, String message) {
        new ApplicationContextRunner().withUserConfiguration(QuerySideSettings.class).withPropertyValues(property)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageStartingWith(message));
    }

    @Test
    void theWorkspaceTimeoutIsCheckedWhereItIsBound() {
        new ApplicationContextRunner().withUserConfiguration(UiSettings.class)
                .withPropertyValues("ledger.ui.command-side-timeout=-1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("ledger.ui.command-side-timeout is a duration > 0, not PT-1S"));
    }

    @Test
    void theShippedConfigurationAndTheDefaultsAreInRange() throws Exception {
        MockEnvironment environment = new MockEnvironment();
        new YamlPropertySourceLoader().load("query-side.yml", new ClassPathResource("query-side.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        assertThatCode(() -> QuerySideSettings.check(environment)).doesNotThrowAnyException();
        assertThatCode(() -> QuerySideSettings.check(new MockEnvironment())).doesNotThrowAnyException();
    }

    @EnableConfigurationProperties(UiProperties.class)
    static class UiSettings {
    }
}
