package dev.relationshipledger.deploy.seed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.deploy.Ledger;
import dev.relationshipledger.deploy.reliability.ReadModels;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fresh ledger seeded with 150 relationships of generated history, started as the launcher starts it: every
 * projection takes every event (no dead letter), the BI views have complaints, negotiations and contracts, the hash
 * chain links everything, the aggregates take further commands on top of the generated histories, which shows
 * those histories are ones the command side's rules accept, and a rebuild of every projection gives exactly what
 * the live projections wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedLedgerTest {

    static final List<String> BI_VIEWS = List.of("relationships", "active_contract_values", "complaints", "contracts",
            "reputation_points", "audit_events", "contacts", "negotiations", "negotiation_rounds");

    final String database = TestPostgres.freshDatabase("seed_ledger");
    Ledger ledger;
    LedgerHttp commands;

    @BeforeAll
    void seedAndStart() throws SQLException {
        ledger = Ledger.start(Map.of(
                        "spring.datasource.url", database,
                        "spring.flyway.user", TestPostgres.SUPERUSER,
                        "spring.config.import", "classpath:ledger-test-users.yml",
                        "server.port", "0",
                        "ledger.chain.link-interval", "100ms",
                        // several flushes, states and open negotiations forgotten and read again (a negotiation
                        // first written is copied in whole, one read back is upserted), and many checkpoints in the
                        // rebuild below
                        "ledger.rebuild.flush-every", "250",
                        "ledger.rebuild.max-held-states", "2",
                        "ledger.time-travel.checkpoint-every", "5"),
                Map.of(), Map.of(), List.of(Seeding.beforeServing(new Seeding.Request(150, 42))));
        commands = new LedgerHttp(ledger.commandPort());
        new ReadModels(database).awaitCaughtUp(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void everyProjectionTakesEveryGeneratedEventWithoutADeadLetter() throws SQLException {
        assertThat(number("SELECT count(*) FROM event_store.domain_event_entry")).isGreaterThan(2_000);
        assertThat(number("SELECT count(*) FROM read_model.dead_letter_entry")).isZero();
        assertThat(number("SELECT count(DISTINCT payload_type) FROM event_store.domain_event_entry"))
                .as("every event type but none").isGreaterThanOrEqualTo(30);
    }

    @Test
    void theBiViewsShowComplaintsNegotiationsAndContracts() throws SQLException {
        for (String view : BI_VIEWS) {
            assertThat(number("SELECT count(*) FROM bi." + view)).as("rows of bi." + view).isPositive();
        }
        assertThat(number("SELECT count(*) FROM bi.relationships")).isEqualTo(150);
        assertThat(number("SELECT count(DISTINCT counterparty_kind) FROM bi.relationships")).isEqualTo(5);
        assertThat(number("SELECT count(DISTINCT status) FROM bi.complaints")).isGreaterThanOrEqualTo(4);
        assertThat(number("SELECT count(DISTINCT status) FROM bi.negotiations")).isEqualTo(4);
        assertThat(number("SELECT count(DISTINCT status) FROM bi.contracts")).isEqualTo(4);
        assertThat(number("SELECT count(*) FROM bi.audit_events WHERE is_correction")).isPositive();
    }

    @Test
    void theHashChainLinksEveryGeneratedEvent() throws SQLException {
        long last = number("SELECT max(global_index) FROM event_store.domain_event_entry");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                number("SELECT coalesce(max(position), 0) FROM event_store.event_chain") >= last);
        Answer verification = commands.get(CARL, "/chain/verification");
        assertThat(verification.status()).isEqualTo(200);
        JsonNode report = verification.json();
        assertThat(report.get("ok").asBoolean()).as(verification.body()).isTrue();
        assertThat(report.get("checkedTo").asLong()).isGreaterThanOrEqualTo(last);
    }

    @Test
    void theAggregatesTakeCommandsOnTopOfTheGeneratedHistories() throws SQLException {
        String relationship = text("""
                SELECT relationship_id FROM event_store.relationship_directory
                WHERE owner = 'rita' AND NOT closed ORDER BY relationship_id LIMIT 1""");
        assertThat(commands.post(RITA, "/relationships/" + relationship + "/contacts", """
                {"channel":"CALL","summary":"Follow-up on the seeded history","sentiment":"NEUTRAL",
                 "occurredAt":"2026-07-01T09:00:00Z","participants":["Jane Doe"]}""").status()).isEqualTo(201);

        String negotiation = text("""
                SELECT n.negotiation_id FROM bi.negotiations n
                JOIN event_store.relationship_directory d ON d.relationship_id = n.relationship_id
                WHERE n.status = 'OPEN' AND d.owner = 'rita' ORDER BY n.negotiation_id LIMIT 1""");
        Answer proposal = commands.post(RITA, "/negotiations/" + negotiation + "/proposals", """
                {"side":"THEIRS","terms":{"price":{"amount":99.5,"currency":"EUR"},"quantity":10,
                 "durationMonths":12,"paymentTermsDays":30}}""");
        assertThat(proposal.status()).as(proposal.body()).isEqualTo(201);

        String contract = text("""
                SELECT c.contract_id FROM bi.contracts c
                JOIN event_store.relationship_directory d ON d.relationship_id = c.relationship_id
                WHERE c.status = 'ACTIVE' AND c.ends_on >= current_date AND d.owner = 'rita'
                ORDER BY c.contract_id LIMIT 1""");
        Answer amended = commands.post(RITA, "/contracts/" + contract + "/amend", """
                {"terms":{"price":{"amount":12345.67,"currency":"EUR"},"quantity":3,"durationMonths":12,
                 "paymentTermsDays":45},"reason":"renegotiated after the demo"}""");
        assertThat(amended.status()).as(amended.body()).isEqualTo(200);

        String complaint = text("""
                SELECT c.complaint_id FROM bi.complaints c
                JOIN event_store.relationship_directory d ON d.relationship_id = c.relationship_id
                WHERE c.status IN ('ACKNOWLEDGED', 'ESCALATED', 'REOPENED') AND d.owner = 'rita'
                ORDER BY c.complaint_id LIMIT 1""");
        Answer resolved = commands.post(RITA, "/complaints/" + complaint + "/resolve",
                "{\"resolution\":\"replacement shipped\",\"satisfaction\":\"SATISFIED\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    }

    @Test
    void aSecondSeedingOfAStoreWithEventsWritesNothing() throws SQLException {
        long before = number("SELECT count(*) FROM event_store.domain_event_entry");
        Seeding.Outcome outcome = Seeding.seedIfEmpty(
                ledger.commandSide().getBean(javax.sql.DataSource.class), new Seeding.Request(5, 42));
        assertThat(outcome.seeded()).isFalse();
        assertThat(outcome.eventsAlreadyStored()).isGreaterThanOrEqualTo(before);
        assertThat(number("SELECT count(*) FROM bi.relationships")).isGreaterThanOrEqualTo(150);
    }

    private long number(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws SQLException {
        try (Connection c = TestPostgres.superuserConnection(database.substring(database.lastIndexOf('/') + 1));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row for " + sql).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void aRebuildOfTheGeneratedHistoryGivesExactlyTheLiveTables() throws SQLException {
        ReadModels readModels = new ReadModels(database);
        readModels.awaitCaughtUp(Duration.ofSeconds(60));
        Map<String, List<String>> live = projectionTables(readModels);
        assertThat(live.get("relationship_status")).hasSizeGreaterThanOrEqualTo(150);
        assertThat(live.get("state_checkpoint")).as("history long enough for checkpoints").isNotEmpty();
        assertThat(live.get("negotiation")).as("negotiations held, forgotten and read back").hasSizeGreaterThan(40);
        assertThat(live.get("negotiation_correction")).isNotEmpty();
        LedgerHttp queries = new LedgerHttp(ledger.queryPort());

        assertThat(queries.post(TestUsers.ADAM, "/admin/rebuilds/all", "").status()).isEqualTo(202);
        Answer done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queries.get(TestUsers.ADAM, "/admin/rebuilds/all"),
                        a -> a.status() == 200 && List.of("DONE", "FAILED").contains(a.text("status")));

        assertThat(done.text("status")).as(done.body()).isEqualTo("DONE");
        assertThat(done.json().get("eventsDone").asLong()).as("folded over several flushes").isGreaterThan(1_000);
        assertThat(projectionTables(readModels)).isEqualTo(live);
    }

    private static Map<String, List<String>> projectionTables(ReadModels readModels) throws SQLException {
        List<String> projected = List.of("relationship_status", "reputation_point", "state_checkpoint", "audit_entry",
                "negotiation", "negotiation_round", "negotiation_correction", "negotiation_approval");
        Map<String, List<String>> tables = new TreeMap<>(readModels.snapshot());
        tables.keySet().retainAll(projected);
        assertThat(tables).hasSize(projected.size());
        return tables;
    }
}
