package dev.relationshipledger.deploy.operations;

import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules use is exposed by a running application, with
 * the labels they select on; so is every ledger metric docs/metrics.md documents. Both applications run on a fresh
 * database and are driven through the outcomes the metrics count.
 */
class ExposedMetricsTest extends OperatedLedger {

    /** Series Prometheus makes itself for every target; no application exposes them. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    static String commandScrape;
    static String queryScrape;

    @BeforeAll
    static void driveEveryOutcomeAndScrape() {
        String id = open("Metrics Works AG");
        contact(id, "accepted");
        // invalid, refused by a rule, conflict, idempotent replay
        assertThat(commands.post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"\"}}").status()).isEqualTo(400);
        assertThat(commands.post(RITA, "/relationships/" + id + "/contacts",
                "{\"channel\":\"CALL\",\"summary\":\"from the future\",\"occurredAt\":\"2999-01-01T00:00:00Z\"}")
                .status()).isEqualTo(409);
        assertThat(commands.post(RITA, "/relationships/" + id + "/contacts",
                "{\"channel\":\"CALL\",\"summary\":\"stale\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}",
                Map.of("If-Match", "\"0\"")).status()).isEqualTo(409);
        String body = "{\"counterparty\":{\"name\":\"Replayed Ltd\",\"kind\":\"PARTNER\"}}";
        Answer first = accepted(commands.post(RITA, "/relationships", body, Map.of("Idempotency-Key", "metrics-1")));
        Answer again = accepted(commands.post(RITA, "/relationships", body, Map.of("Idempotency-Key", "metrics-1")));
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(queries.get(MARIA, "/relationships/" + first.text("aggregateId") + "?atLeast="
                + first.json().get("position").asLong()).status()).isEqualTo(200);
        // head and positions are read once a second: a lag of zero before the first reading means nothing
        long stored = first.json().get("position").asLong();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String scrape = scrape(queries);
            assertThat(value(scrape, "ledger_event_store_head_position")).isGreaterThanOrEqualTo(stored);
            assertThat(value(scrape, "ledger_projection_lag_events", "processor=\"relationship-status\"")).isZero();
        });
        commandScrape = scrape(commands);
        queryScrape = scrape(queries);
    }

    @Test
    void everyMetricOfTheDashboardAndTheAlertRulesIsExposed() {
        Set<String> used = new TreeSet<>();
        DeployFiles.alertExpressions().forEach(e -> used.addAll(DeployFiles.metricNames(e)));
        Set<String> fromDashboard = new TreeSet<>();
        DeployFiles.dashboardExpressions().forEach(e -> fromDashboard.addAll(DeployFiles.metricNames(e)));
        assertThat(fromDashboard).hasSizeGreaterThan(15);
        used.addAll(fromDashboard);
        used.removeAll(MADE_BY_PROMETHEUS);

        Set<String> exposed = exposedNames();
        assertThat(used).allSatisfy(metric -> assertThat(exposed).as("exposed metrics").contains(metric));
    }

    @Test
    void theLabelsTheRulesSelectOnExist() {
        assertThat(value(commandScrape, "ledger_commands_total", "outcome=\"accepted\"", "route=\"/relationships\""))
                .isEqualTo(2.0);
        assertThat(value(commandScrape, "ledger_commands_total", "outcome=\"replayed\"")).isEqualTo(1.0);
        assertThat(value(commandScrape, "ledger_commands_total", "outcome=\"invalid\"")).isEqualTo(1.0);
        assertThat(value(commandScrape, "ledger_commands_total", "outcome=\"refused\"")).isEqualTo(1.0);
        assertThat(value(commandScrape, "ledger_commands_total", "outcome=\"conflict\"")).isEqualTo(1.0);
        assertThat(value(commandScrape, "ledger_idempotent_replays_total", "route=\"/relationships\"")).isEqualTo(1.0);
        assertThat(value(commandScrape, "ledger_events_appended_total", "type=\"RelationshipOpened\"")).isEqualTo(2.0);
        assertThat(value(commandScrape, "ledger_events_appended_total", "type=\"ContactLogged\"")).isEqualTo(1.0);
        assertThat(value(commandScrape, "axon_command_bus_all_duration_seconds_count", "payloadType=\"OpenRelationship\""))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(value(queryScrape, "axon_event_processor_latency_milliseconds",
                "processorName=\"relationship-status\"")).isGreaterThanOrEqualTo(0);
        assertThat(value(queryScrape, "ledger_projection_segments", "processor=\"relationship-status\"")).isEqualTo(2.0);
        assertThat(value(queryScrape, "ledger_projection_segments_claimed", "processor=\"relationship-status\""))
                .isEqualTo(2.0);
        assertThat(value(queryScrape, "ledger_projection_rebuild_progress_ratio", "processor=\"relationship-status\""))
                .isEqualTo(1.0);
        double head = value(queryScrape, "ledger_event_store_head_position");
        assertThat(head).isGreaterThanOrEqualTo(3.0);
        assertThat(value(queryScrape, "ledger_projection_position", "processor=\"relationship-status\"")).isEqualTo(head);
        // group commit: one request at a time, so every command the bus decided went alone (a group of one) and
        // none was decided again
        assertThat(value(commandScrape, "ledger_command_group_size_count")).isGreaterThanOrEqualTo(4.0);
        assertThat(value(commandScrape, "ledger_command_group_size_max")).isEqualTo(1.0);
        assertThat(value(commandScrape, "ledger_command_group_decided_again_total")).isZero();
        // the hash chain exists; nobody has verified it yet in this run
        assertThat(value(commandScrape, "ledger_chain_tables_present")).isEqualTo(1.0);
        assertThat(value(commandScrape, "ledger_chain_verification_success")).isNaN();
    }

    @Test
    void everyLedgerMetricInTheDocsIsExposedAndEveryExposedOneIsDocumented() throws IOException {
        String docs = Files.readString(DeployFiles.REPOSITORY.resolve("docs/metrics.md"));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`((?:ledger|axon)_[a-z0-9_]*[a-z0-9])`").matcher(docs);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> exposed = exposedNames();
        Set<String> exposedOwn = new TreeSet<>();
        for (String name : exposed) {
            if (name.startsWith("ledger_")) {
                exposedOwn.add(name);
            }
        }
        Set<String> documentedOwn = new TreeSet<>(documented);
        documentedOwn.removeIf(name -> !name.startsWith("ledger_"));
        assertThat(documentedOwn).isEqualTo(exposedOwn);
        assertThat(documented).allSatisfy(name -> assertThat(exposed).contains(name));
    }

    private static final Pattern NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private static Set<String> exposedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String scrape : new String[]{commandScrape, queryScrape}) {
            for (String line : scrape.split("\n")) {
                Matcher m = NAME.matcher(line);
                if (!line.startsWith("#") && m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

}
