package dev.relationshipledger.command.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.SecretScan;
import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real events, as the command side stores them (payload and metadata), carry no secret: not the password of the
 * user who acted, not the Authorization header, not the Idempotency-Key's request hash.
 */
class NoSecretsInStoredEventsTest extends CommandSideTest {

    @Test
    void storedEventsCarryNoSecret() throws Exception {
        String relationship = http().post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Secretive Ltd\",\"kind\":\"PARTNER\"}}",
                Map.of("Idempotency-Key", "secret-scan-1", "X-Correlation-Id", "scan-1")).text("aggregateId");
        assertThat(http().post(RITA, "/relationships/" + relationship + "/contacts", """
                {"channel":"EMAIL","summary":"Sent the offer","sentiment":"POSITIVE","occurredAt":"2026-11-02T09:00:00Z"}""")
                .status()).isEqualTo(201);

        ObjectMapper json = new ObjectMapper();
        List<String> findings = new ArrayList<>();
        int scanned = 0;
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, "ledger_command"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT global_index, payload, meta_data FROM event_store.domain_event_entry "
                     + "ORDER BY global_index DESC LIMIT 500")) {
            while (rs.next()) {
                scanned++;
                String where = "event " + rs.getLong(1);
                SecretScan.findings(json.readTree(rs.getBytes(2))).forEach(f -> findings.add(where + " payload " + f));
                SecretScan.findings(json.readTree(rs.getBytes(3))).forEach(f -> findings.add(where + " metadata " + f));
                String raw = new String(rs.getBytes(2)) + new String(rs.getBytes(3));
                if (raw.contains("rita-pw") || raw.contains(RITA.basicAuth().substring(6))) {
                    findings.add(where + " holds the user's password or credentials");
                }
            }
        }
        assertThat(scanned).isGreaterThanOrEqualTo(2);
        assertThat(findings).isEmpty();
    }
}
