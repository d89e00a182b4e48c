package dev.relationshipledger.command.chain;

import dev.relationshipledger.support.config.SettingRange;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code ledger.chain.*}: the hash chain, its signed checkpoints and their export (documented in command-side.yml
 * and docs/tamper-evidence.md).
 */
@ConfigurationProperties("ledger.chain")
public record ChainSettings(Boolean enabled, Duration linkInterval, Duration gapGrace, Integer batchSize,
                            String signingKeyFile, Integer checkpointEveryEvents, Duration checkpointInterval,
                            String checkpointExportDir, Duration verifyEvery) {

    public ChainSettings {
        enabled = enabled == null || enabled;
        linkInterval = linkInterval == null ? Duration.ofSeconds(1) : linkInterval;
        gapGrace = gapGrace == null ? Duration.ofSeconds(10) : gapGrace;
        batchSize = batchSize == null ? 500 : batchSize;
        checkpointEveryEvents = checkpointEveryEvents == null ? 1000 : checkpointEveryEvents;
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(5) : checkpointInterval;
        verifyEvery = verifyEvery == null ? Duration.ofDays(1) : verifyEvery;
        if (verifyEvery.isNegative()) {
            throw new IllegalArgumentException("ledger.chain.verify-every is a duration >= 0 (0: never), not " + verifyEvery);
        }
        SettingRange.positive("ledger.chain.link-interval", linkInterval);
        SettingRange.notNegative("ledger.chain.gap-grace", gapGrace, "link past a gap at once");
        SettingRange.atLeast("ledger.chain.batch-size", batchSize, 1);
        SettingRange.atLeast("ledger.chain.checkpoint-every-events", checkpointEveryEvents, 1);
        SettingRange.positive("ledger.chain.checkpoint-interval", checkpointInterval);
    }

    public Optional<Path> signingKey() {
        return path(signingKeyFile);
    }

    public Optional<Path> exportDirectory() {
        return path(checkpointExportDir);
    }

    private static Optional<Path> path(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }
}
