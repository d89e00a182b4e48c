package dev.relationshipledger.deploy.operations;

import dev.relationshipledger.support.operations.RefreshedReading;
import dev.relationshipledger.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scrape answers at once while the database does not (Prometheus gives it 10 s): every table the ledger's gauges
 * read is locked by another session, so every read of them waits, as it does for an unreachable database. The
 * gauges show the last values read until a read fails or the last value is {@link RefreshedReading#STALE}, then NaN,
 * and the real values again when the database answers. Without the background reads, each gauge waited for the
 * lock in turn during the scrape.
 */
class ScrapeWhileTheDatabaseHangsTest extends OperatedLedger {

    /** What the gauges read: the head of the event store, the queues, the rebuilds, the hash chain. */
    private static final String READ_BY_GAUGES = "event_store.domain_event_entry, read_model.dead_letter_entry, "
            + "read_model.projection_rebuild, event_store.event_chain, event_store.chain_verification";
    private static final Duration AT_ONCE = Duration.ofSeconds(2);
    private static final String STATUS = "processor=\"relationship-status\"";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aScrapeAnswersAtOnceAndShowsUnknownValuesOnceTheLastReadIsStale() throws Exception {
        contact(open("Outage GmbH"), "before the outage");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(value(scrape(queries), "ledger_projection_lag_events", STATUS)).isZero();
            assertThat(value(scrape(commands), "ledger_chain_head_position")).isPositive();
        });

        String name = database.substring(database.lastIndexOf('/') + 1);
        try (Connection blocker = TestPostgres.superuserConnection(name); Statement s = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE " + READ_BY_GAUGES + " IN ACCESS EXCLUSIVE MODE");
            Thread.sleep(1500); // every background read has started and waits for the lock now

            String queryScrape = scrapeAtOnce(ledger.queryPort());
            String commandScrape = scrapeAtOnce(ledger.commandPort());
            // the last values read (events appended just before the lock may still count as lag)
            assertThat(value(queryScrape, "ledger_projection_lag_events", STATUS)).isNotNaN();
            assertThat(value(queryScrape, "ledger_dead_letters", STATUS)).isNotNaN();
            assertThat(value(queryScrape, "ledger_rebuild_running", "projection=\"all\"")).isZero();
            assertThat(value(commandScrape, "ledger_chain_head_position")).isPositive();

            Thread.sleep(RefreshedReading.STALE.toMillis());
            queryScrape = scrapeAtOnce(ledger.queryPort());
            commandScrape = scrapeAtOnce(ledger.commandPort());
            assertThat(value(queryScrape, "ledger_projection_lag_events", STATUS)).isNaN();
            assertThat(value(queryScrape, "ledger_event_store_head_position")).isNaN();
            assertThat(value(queryScrape, "ledger_dead_letters", STATUS)).isNaN();
            assertThat(value(queryScrape, "ledger_rebuild_running", "projection=\"all\"")).isNaN();
            // The command side's reads give up after its lock_timeout (5 s) instead of waiting: the chain's tables
            // are seen (no lock needed), its head is not.
            assertThat(value(commandScrape, "ledger_chain_tables_present")).isEqualTo(1.0);
            assertThat(value(commandScrape, "ledger_chain_head_position")).isNaN();
            blocker.rollback();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String queryScrape = scrape(queries);
            assertThat(value(queryScrape, "ledger_projection_lag_events", STATUS)).isZero();
            assertThat(value(queryScrape, "ledger_dead_letters", STATUS)).isNotNaN();
            assertThat(value(queryScrape, "ledger_rebuild_running", "projection=\"all\"")).isZero();
            assertThat(value(scrape(commands), "ledger_chain_head_position")).isPositive();
        });
    }

    /** The scrape, refused unless it answers within {@link #AT_ONCE}. */
    private String scrapeAtOnce(int port) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus")).timeout(AT_ONCE).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
        return answer.body();
    }
}
