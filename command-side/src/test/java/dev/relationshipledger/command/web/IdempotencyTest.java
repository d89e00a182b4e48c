package dev.relationshipledger.command.web;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retried request with the same Idempotency-Key gets the original answer and appends nothing. With group commit on
 * (the default, decision 0018) concurrent retries under one key land in one group, which is then decided again
 * alone; {@link IdempotencyWithoutGroupCommitTest} runs every case again with one transaction per command.
 */
class IdempotencyTest extends CommandSideTest {

    static final String OPEN = "{\"counterparty\":{\"name\":\"Retry Corp\",\"kind\":\"CUSTOMER\"}}";

    @Value("${ledger.commands.group-commit.enabled}")
    boolean groupCommit;
    @Autowired
    MeterRegistry registry;

    @Test
    void aRetryIsAnsweredFromMemoryAndAppendsNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = eventCount();
        Answer first = http().post(RITA, "/relationships", OPEN, Map.of("Idempotency-Key", key));
        Answer retry = http().post(RITA, "/relationships", OPEN.replace(":", " : "), Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.raw().headers().firstValue(CommandSender.REPLAYED_HEADER)).hasValue("true");
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void theSameKeyWithAnotherRequestIs422() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(http().post(RITA, "/relationships", OPEN, Map.of("Idempotency-Key", key)).status()).isEqualTo(201);
        long before = eventCount();
        Answer other = http().post(RITA, "/relationships", OPEN.replace("Retry Corp", "Other Corp"),
                Map.of("Idempotency-Key", key));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.text("type")).isEqualTo("urn:relationship-ledger:problem:idempotency-key-reused");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void keysBelongToTheirUser() {
        String key = UUID.randomUUID().toString();
        Answer rita = http().post(RITA, "/relationships", OPEN, Map.of("Idempotency-Key", key));
        Answer ralf = http().post(RALF, "/relationships", OPEN, Map.of("Idempotency-Key", key));
        assertThat(rita.status()).isEqualTo(201);
        assertThat(ralf.status()).isEqualTo(201);
        assertThat(ralf.raw().headers().firstValue(CommandSender.REPLAYED_HEADER)).isEmpty();
        assertThat(ralf.text("aggregateId")).isNotNull().isNotEqualTo(rita.text("aggregateId"));
    }

    @Test
    void concurrentRetriesAppendOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = eventCount();
        String id = null;
        for (Answer a : eightAtOnce("/relationships", OPEN, key)) {
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            id = id == null ? a.text("aggregateId") : id;
            assertThat(a.text("aggregateId")).isEqualTo(id);
        }
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void concurrentRetriesGoThroughTheCommittersOnlyWithGroupCommit() throws Exception {
        DistributionSummary stored = registry.find("ledger.command.group.size").summary();
        if (!groupCommit) {
            assertThat(stored).isNull();
            return;
        }
        double before = stored.totalAmount();
        concurrentRetriesAppendOnce();
        assertThat(stored.totalAmount() - before).as("commands the committers stored").isPositive();
    }

    /**
     * Retries of a change that the first of them makes impossible (closing closes; a contact id is logged once):
     * the others, refused by the rule once the first committed, are answered as the first was, not with a 409.
     */
    @Test
    void concurrentRetriesOfAChangeAreAnsweredAsTheFirstWas() throws Exception {
        Answer opened = http().post(RITA, "/relationships", OPEN.replace("Retry Corp", "Concurrent Retries Ltd"));
        assertThat(opened.status()).isEqualTo(201);
        String id = opened.text("aggregateId");
        String contact = "{\"contactId\":\"" + UUID.randomUUID() + "\",\"channel\":\"CALL\",\"summary\":\"s\","
                + "\"occurredAt\":\"2026-01-05T09:00:00Z\"}";
        for (String[] request : List.of(new String[]{"/relationships/" + id + "/contacts", contact},
                new String[]{"/relationships/" + id + "/close", "{\"reason\":\"merged\"}"})) {
            long before = eventCount();
            Long version = null;
            for (Answer a : eightAtOnce(request[0], request[1], UUID.randomUUID().toString())) {
                assertThat(a.status()).as(request[0] + " -> " + a.body()).isBetween(200, 201);
                version = version == null ? a.json().get("version").asLong() : version;
                assertThat(a.json().get("version").asLong()).isEqualTo(version);
            }
            assertThat(eventCount()).as(request[0]).isEqualTo(before + 1);
        }
    }

    /** Rita sends the same request under one Idempotency-Key eight times at once; the answers in sending order. */
    private List<Answer> eightAtOnce(String path, String body, String key) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sent.add(pool.submit(() -> http().post(RITA, path, body, Map.of("Idempotency-Key", key))));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aMalformedKeyIs400() {
        Answer answer = http().post(RITA, "/relationships", OPEN, Map.of("Idempotency-Key", "bad key with spaces"));
        assertThat(answer.status()).isEqualTo(400);
    }

    private static long eventCount() throws Exception {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
