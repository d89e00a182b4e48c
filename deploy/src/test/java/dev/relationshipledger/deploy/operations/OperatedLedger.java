package dev.relationshipledger.deploy.operations;

import dev.relationshipledger.deploy.Ledger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both applications on a fresh database, as operators run them, with the test-only {@link PoisonedProjection} in the
 * query side's status projection (harmless unless a counterparty's name starts with "Poison "). Helpers scrape
 * {@code /actuator/prometheus}.
 */
abstract class OperatedLedger {

    static String database;
    static Ledger ledger;
    static LedgerHttp commands;
    static LedgerHttp queries;

    @BeforeAll
    static void startLedger() {
        database = TestPostgres.freshDatabase("operations");
        ledger = Ledger.start(Map.of(
                        "spring.datasource.url", database,
                        "spring.flyway.user", TestPostgres.SUPERUSER,
                        "spring.config.import", "classpath:ledger-test-users.yml",
                        "server.port", "0",
                        "ledger.read-your-writes.max-wait", "5s"),
                Map.of(),
                Map.of("spring.main.sources", PoisonedProjection.class.getName()));
        commands = new LedgerHttp(ledger.commandPort());
        queries = new LedgerHttp(ledger.queryPort());
    }

    @AfterAll
    static void stopLedger() {
        if (ledger != null) {
            ledger.close();
        }
    }

    static Answer accepted(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isIn(200, 201);
        return answer;
    }

    static String open(String name) {
        return accepted(commands.post(TestUsers.RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"SUPPLIER\"}}")).text("aggregateId");
    }

    static Answer contact(String id, String summary) {
        return accepted(commands.post(TestUsers.RITA, "/relationships/" + id + "/contacts",
                "{\"channel\":\"CALL\",\"summary\":\"" + summary + "\",\"occurredAt\":\"2026-02-01T10:00:00Z\"}"));
    }

    /** The Prometheus text of an application, unauthenticated as Prometheus scrapes it. */
    static String scrape(LedgerHttp app) {
        Answer answer = app.get(null, "/actuator/prometheus");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)})?\\s+(\\S+)");

    /** Samples of a metric as "label set" -> value (label set as written, e.g. {@code processor="x",...}). */
    static Map<String, Double> samples(String scrape, String metric) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find() && m.group(1).equals(metric)) {
                samples.put(m.group(3) == null ? "" : m.group(3), Double.parseDouble(m.group(4)));
            }
        }
        return samples;
    }

    /** The value of the one sample of a metric whose labels contain every given {@code label="value"} pair. */
    static double value(String scrape, String metric, String... labels) {
        Map<String, Double> matching = new HashMap<>();
        samples(scrape, metric).forEach((labelSet, value) -> {
            boolean all = true;
            for (String label : labels) {
                all &= labelSet.contains(label);
            }
            if (all) {
                matching.put(labelSet, value);
            }
        });
        assertThat(matching).as(metric + " " + String.join(",", labels) + " among " + samples(scrape, metric))
                .hasSize(1);
        return matching.values().iterator().next();
    }
}
