package dev.relationshipledger.kernel.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.testsupport.SecretScan;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No approved event shape has a field named like a secret, nor a sample value shaped like one. */
class NoSecretsInEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noApprovedEventCarriesASecret() throws IOException {
        Path approved = Path.of("src/test/resources/approved-events");
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.list(approved)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                SecretScan.findings(JSON.readTree(file.toFile())).forEach(f -> findings.add(file.getFileName() + " " + f));
            }
        }
        assertThat(findings).isEmpty();
        assertThat(approved.toFile().list()).hasSizeGreaterThan(25);
    }

    @Test
    void theScanRecognisesSecrets() throws IOException {
        assertThat(SecretScan.findings(JSON.readTree("""
                {"user":{"password":"x"},"accessToken":"y","note":"{bcrypt}$2a$10$abc","h":"Basic cml0YTpyaXRhLWRlbW8=",
                 "people":[{"apiKey":"z"}],"k":"-----BEGIN PRIVATE KEY-----"}"""))).hasSize(6);
        assertThat(SecretScan.findings(JSON.readTree("""
                {"summary":"We discussed the token ring network","actor":"rita","idempotent":true}"""))).hasSize(0);
    }
}
