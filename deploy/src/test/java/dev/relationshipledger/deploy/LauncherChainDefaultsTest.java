package dev.relationshipledger.deploy;

import dev.relationshipledger.command.chain.proof.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default creates its signing key outside the database, once, and exports checkpoints beside it. */
class LauncherChainDefaultsTest {

    @TempDir
    Path data;

    @Test
    void theEmbeddedDefaultCreatesItsKeyOnceUnderTheDataDirectory() {
        Map<String, String> first = LedgerLauncher.embeddedChainDefaults(data, new String[0]);
        Path key = data.resolve("keys/chain-signing-key.pem");
        assertThat(first).containsEntry("ledger.chain.signing-key-file", key.toString())
                .containsEntry("ledger.chain.checkpoint-export-dir", data.resolve("checkpoints").toString());
        assertThat(key).exists();
        assertThat(data.resolve("keys/chain-signing-key.pub.pem")).exists();
        String id = SigningKey.read(key).keyId();

        LedgerLauncher.embeddedChainDefaults(data, new String[0]);
        assertThat(SigningKey.read(key).keyId()).isEqualTo(id);
    }

    @Test
    void aConfiguredKeyIsLeftAlone() throws Exception {
        Map<String, String> chain = LedgerLauncher.embeddedChainDefaults(data,
                new String[]{"--ledger.chain.signing-key-file=/etc/ledger/key.pem"});
        assertThat(chain).doesNotContainKey("ledger.chain.signing-key-file");
        assertThat(Files.exists(data.resolve("keys"))).isFalse();
    }
}
