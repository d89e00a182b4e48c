package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.deploy.Ledger;
import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports are not subject to the asynchronous request timeout ({@code spring.mvc.async.request-timeout}, here 1 s;
 * Tomcat's default is 30 s): a timeout would cut them and end the chunked body cleanly, a short file that looks
 * whole. An export here takes longer than the timeout (the client pauses) and still arrives complete.
 */
class AuditExportTimeoutTest {

    static final int ROWS = 50_000;
    static String database;
    static Ledger ledger;

    @BeforeAll
    static void startWithAShortStreamingTimeout() throws Exception {
        database = TestPostgres.freshDatabase("audit_timeout");
        ledger = Ledger.start(Map.of(
                        "spring.datasource.url", database,
                        "spring.flyway.user", TestPostgres.SUPERUSER,
                        "spring.config.import", "classpath:ledger-test-users.yml",
                        "spring.mvc.async.request-timeout", "1s",
                        "server.port", "0"),
                Map.of(), Map.of());
        AuditExportMemoryTest.insert(TestPostgres.superuserConnection(database.substring(database.lastIndexOf('/') + 1)),
                ROWS);
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void anExportOutlivesTheAsyncRequestTimeout() throws Exception {
        HttpResponse<InputStream> response = AuditExportMemoryTest.export(ledger.queryPort(), "/audit/export.csv");
        long records = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith("position,");
            Thread.sleep(2_500);
            while (reader.readLine() != null) {
                records++;
            }
        }
        assertThat(records).isEqualTo(ROWS);
    }
}
