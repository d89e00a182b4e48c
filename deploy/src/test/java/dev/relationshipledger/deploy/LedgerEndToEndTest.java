package dev.relationshipledger.deploy;

import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The slice through both applications, as separate Spring contexts on their own ports over one real PostgreSQL:
 * HTTP command, event store, projection, HTTP query; and a restart that keeps every event.
 */
class LedgerEndToEndTest {

    static final String CONTACT = """
            {"channel":"SITE_VISIT","summary":"Plant tour","sentiment":"VERY_POSITIVE",
             "occurredAt":"2026-02-10T08:30:00Z","participants":["Ada Plant"]}""";

    final String database = TestPostgres.freshDatabase("end_to_end");
    Ledger ledger;

    Ledger start() {
        return Ledger.start(Map.of(
                        "spring.datasource.url", database,
                        "spring.flyway.user", TestPostgres.SUPERUSER,
                        "spring.config.import", "classpath:ledger-test-users.yml",
                        "server.port", "0"),
                Map.of(), Map.of());
    }

    @AfterEach
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void openLogAContactAndReadTheStatus() {
        ledger = start();
        LedgerHttp commands = new LedgerHttp(ledger.commandPort());
        LedgerHttp queries = new LedgerHttp(ledger.queryPort());

        Answer opened = commands.post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Borealis Energy\",\"kind\":\"CUSTOMER\",\"segment\":\"utilities\"}}");
        assertThat(opened.status()).isEqualTo(201);
        String id = opened.text("aggregateId");
        assertThat(commands.post(RITA, "/relationships/" + id + "/contacts", CONTACT).status()).isEqualTo(201);

        Answer status = awaitStatus(queries, id, 1);
        assertThat(status.text("counterpartyName")).isEqualTo("Borealis Energy");
        assertThat(status.text("kind")).isEqualTo("CUSTOMER");
        assertThat(status.text("owner")).isEqualTo("rita");
        assertThat(status.text("status")).isEqualTo("ACTIVE");
        assertThat(status.text("lastContactAt")).isEqualTo("2026-02-10T08:30:00Z");

        Answer unknown = queries.get(MARIA, "/relationships/4b1f0a58-6a53-4c77-9f34-0b1bb0e0d3c1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(queries.get(null, "/relationships/" + id).status()).isEqualTo(401);
    }

    @Test
    void aRestartKeepsEveryEventAndTheProjectionCatchesUpWithoutDuplicates() {
        ledger = start();
        LedgerHttp commands = new LedgerHttp(ledger.commandPort());
        String id = commands.post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Restart Works\",\"kind\":\"SUPPLIER\"}}").text("aggregateId");
        assertThat(commands.post(RITA, "/relationships/" + id + "/contacts", CONTACT).status()).isEqualTo(201);
        awaitStatus(new LedgerHttp(ledger.queryPort()), id, 1);
        ledger.close();

        ledger = start();
        commands = new LedgerHttp(ledger.commandPort());
        Answer second = commands.post(RITA, "/relationships/" + id + "/contacts", CONTACT);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("version").asLong()).isEqualTo(2);
        awaitStatus(new LedgerHttp(ledger.queryPort()), id, 2);
    }

    static Answer awaitStatus(LedgerHttp queries, String id, int contacts) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> queries.get(TestUsers.MARIA, "/relationships/" + id),
                        a -> a.status() == 200 && a.json().get("contactCount").asInt() == contacts);
    }
}
