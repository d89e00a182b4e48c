package dev.relationshipledger.query.ui;

import dev.relationshipledger.support.config.SettingRange;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The web workspace's settings ({@code ledger.ui}, documented in query-side.yml).
 *
 * @param commandSideUrl     where the command side answers (chain verification, evidence packs), e.g.
 *                           {@code http://localhost:8081}; blank: the workspace does not call it and says so
 * @param commandSideTimeout how long one call to the command side may take, answer body included
 */
@ConfigurationProperties("ledger.ui")
public record UiProperties(String commandSideUrl, Duration commandSideTimeout) {

    public UiProperties {
        commandSideUrl = commandSideUrl == null || commandSideUrl.isBlank() ? null : commandSideUrl.strip().replaceAll("/+$", "");
        commandSideTimeout = commandSideTimeout == null ? Duration.ofSeconds(60) : commandSideTimeout;
        SettingRange.positive("ledger.ui.command-side-timeout", commandSideTimeout);
    }

    public boolean callsCommandSide() {
        return commandSideUrl != null;
    }
}
