package dev.relationshipledger.command.operations;

import dev.relationshipledger.command.chain.ChainSettings;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code ledger.*} duration, size or count out of its range (command-side.yml) stops the start-up with a message
 * naming the property and the range, instead of being accepted and misbehaving.
 */
class CommandSideSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ledger.idempotency.retention=-1h          | ledger.idempotency.retention is a duration > 0",
            "ledger.idempotency.retention=0s           | ledger.idempotency.retention is a duration > 0",
            "ledger.idempotency.cleanup-interval=0s    | ledger.idempotency.cleanup-interval is a duration > 0",
            "ledger.http.max-body-size=-1              | ledger.http.max-body-size is at least 1, not -1",
            "ledger.http.max-body-size=0               | ledger.http.max-body-size is at least 1, not 0",
            "ledger.contracts.expiry-check-interval=-1m | ledger.contracts.expiry-check-interval is a duration > 0",
            "ledger.contracts.expiry-initial-delay=-1m | ledger.contracts.expiry-initial-delay is a duration >= 0",
            "ledger.chain.verification-check-interval=0s | ledger.chain.verification-check-interval is a duration > 0",
            "ledger.snapshots.relationship-every=0     | ledger.snapshots.relationship-every is at least 1",
            "ledger.snapshots.relationship-share-percent=101 | ledger.snapshots.relationship-share-percent is from 0 to 100",
            "ledger.aggregates.cache-size=0            | ledger.aggregates.cache-size is at least 1",
            "ledger.aggregates.concurrent-append-retries=-1 | ledger.aggregates.concurrent-append-retries is at least 0",
            "ledger.commands.group-commit.committers=0 | ledger.commands.group-commit.committers is at least 1",
            "ledger.commands.group-commit.max-group=1  | ledger.commands.group-commit.max-group is at least 2",
            "ledger.store.statement-timeout=0          | ledger.store.statement-timeout is a PostgreSQL duration > 0",
            "ledger.store.lock-timeout=-5s             | ledger.store.lock-timeout is a PostgreSQL duration > 0",
            "ledger.store.idle-in-transaction-timeout=PT5S | ledger.store.idle-in-transaction-timeout is a PostgreSQL duration > 0",
            "ledger.metrics.capacity-window=-1m        | ledger.metrics.capacity-window is a duration > 0",
    })
    void aValueOutOfRangeStopsTheStartNamingTheProperty(String property, String message) {
        new ApplicationContextRunner().withUserConfiguration(CommandSideSettings.class).withPropertyValues(property)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageStartingWith(message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ledger.chain.link-interval=-5s           | ledger.chain.link-interval is a duration > 0",
            "ledger.chain.link-interval=0s            | ledger.chain.link-interval is a duration > 0",
            "ledger.chain.gap-grace=-1s               | ledger.chain.gap-grace is a duration >= 0",
            "ledger.chain.batch-size=0                | ledger.chain.batch-size is at least 1",
            "ledger.chain.checkpoint-every-events=0   | ledger.chain.checkpoint-every-events is at least 1",
            "ledger.chain.checkpoint-interval=-5m     | ledger.chain.checkpoint-interval is a duration > 0",
            "ledger.chain.verify-every=-P1D           | ledger.chain.verify-every is a duration >= 0",
    })
    void aChainSettingOutOfRangeStopsTheStartNamingTheProperty(String property, String message) {
        new ApplicationContextRunner().withUserConfiguration(ChainProperties.class).withPropertyValues(property)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageStartingWith(message));
    }

    @Test
    void zeroIsAllowedWhereItHasADocumentedMeaning() {
        new ApplicationContextRunner().withUserConfiguration(CommandSideSettings.class, ChainProperties.class)
                .withPropertyValues("ledger.snapshots.relationship-share-percent=0",
                        "ledger.aggregates.concurrent-append-retries=0", "ledger.contracts.expiry-initial-delay=0s",
                        "ledger.chain.verify-every=0s", "ledger.chain.gap-grace=0s",
                        "ledger.store.statement-timeout=2min", "ledger.store.lock-timeout=500ms")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theShippedConfigurationIsInRange() throws Exception {
        MockEnvironment environment = new MockEnvironment();
        new YamlPropertySourceLoader().load("command-side.yml", new ClassPathResource("command-side.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        assertThatCode(() -> CommandSideSettings.check(environment)).doesNotThrowAnyException();
    }

    @Test
    void theDefaultsAreInRange() {
        assertThatCode(() -> CommandSideSettings.check(new MockEnvironment())).doesNotThrowAnyException();
        assertThatThrownBy(() -> new ChainSettings(null, java.time.Duration.ofSeconds(-5), null, null, null, null, null,
                null, null)).hasMessage("ledger.chain.link-interval is a duration > 0, not PT-5S");
    }

    @EnableConfigurationProperties(ChainSettings.class)
    static class ChainProperties {
    }
}
