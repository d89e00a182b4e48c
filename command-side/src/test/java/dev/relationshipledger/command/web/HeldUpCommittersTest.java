package dev.relationshipledger.command.web;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.kernel.message.LedgerCommand;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client gets while the node's committers are held up (group commit, decision 0018): a 503 to retry in both
 * cases below, never a request that waits without end. The test holds a committer by holding, in a handler
 * interceptor, the commands for relationships it names.
 */
@TestPropertySource(properties = {"ledger.commands.answer-timeout=1s", "ledger.commands.group-commit.max-wait=200ms"})
class HeldUpCommittersTest extends CommandSideTest {

    static final String OPEN = "{\"counterparty\":{\"name\":\"Held Up Ltd\",\"kind\":\"CUSTOMER\"}}";
    static final String CONTACT = "{\"channel\":\"CALL\",\"summary\":\"held\",\"occurredAt\":\"2026-01-05T09:00:00Z\"}";

    @Autowired
    CommandBus commandBus;

    /** Relationships whose commands the interceptor holds, each until its latch is counted down. */
    final Map<String, CountDownLatch> released = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> holding = new ConcurrentHashMap<>();
    Registration holder;

    @BeforeEach
    void holdNamedRelationships() {
        holder = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof LedgerCommand command
                    && released.containsKey(command.targetAggregateId())) {
                holding.get(command.targetAggregateId()).countDown();
                released.get(command.targetAggregateId()).await(30, TimeUnit.SECONDS);
            }
            return chain.proceed();
        });
    }

    @AfterEach
    void releaseAll() {
        released.values().forEach(CountDownLatch::countDown);
        holder.cancel();
    }

    @Test
    void aCommandNotAnsweredInTimeIs503AndItsRetryWithTheKeyGetsTheAnswerOnceItIsStored() throws Exception {
        String relationship = opened();
        hold(relationship);
        String key = UUID.randomUUID().toString();
        Answer late = http().post(RITA, "/relationships/" + relationship + "/contacts", CONTACT,
                Map.of("Idempotency-Key", key));
        assertThat(late.status()).as(late.body()).isEqualTo(503);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(late.raw().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(late.text("detail")).contains("may still record the command", "same Idempotency-Key");

        released.get(relationship).countDown(); // the command goes on, and is stored
        Answer retry = retried(relationship, key);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.raw().headers().firstValue(CommandSender.REPLAYED_HEADER)).hasValue("true");
        assertThat(retry.json().get("version").asLong()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?",
                relationship)).as("the contact, once").isEqualTo(2);
    }

    @Test
    void aCommandThatWaitedLongerThanMaxWaitForACommitterIs503AndNothingOfItIsStored() throws Exception {
        String first = opened();
        String second = opened();
        hold(first);
        CompletableFuture<Answer> one = CompletableFuture.supplyAsync(() -> contact(first));
        assertThat(holding.get(first).await(10, TimeUnit.SECONDS)).as("one committer held").isTrue();
        hold(second);
        CompletableFuture<Answer> two = CompletableFuture.supplyAsync(() -> contact(second));
        assertThat(holding.get(second).await(10, TimeUnit.SECONDS)).as("the other committer held").isTrue();

        String key = UUID.randomUUID().toString();
        CompletableFuture<Answer> queued = CompletableFuture.supplyAsync(
                () -> http().post(RITA, "/relationships", OPEN, Map.of("Idempotency-Key", key)));
        Thread.sleep(500); // longer than max-wait (200 ms), shorter than the answer timeout (1 s)
        released.get(first).countDown();
        released.get(second).countDown();

        Answer undecided = queued.get(10, TimeUnit.SECONDS);
        assertThat(undecided.status()).as(undecided.body()).isEqualTo(503);
        assertThat(undecided.contentType()).startsWith("application/problem+json");
        assertThat(undecided.text("detail")).contains("nothing of it was recorded");
        assertThat(count("SELECT count(*) FROM event_store.idempotency_key WHERE idempotency_key = ?", key))
                .as("nothing stored under its key").isZero();
        assertThat(one.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(two.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);

        Answer retry = http().post(RITA, "/relationships", OPEN, Map.of("Idempotency-Key", key));
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.raw().headers().firstValue(CommandSender.REPLAYED_HEADER)).as("decided now, first time")
                .isEmpty();
    }

    private void hold(String relationship) {
        holding.put(relationship, new CountDownLatch(1));
        released.put(relationship, new CountDownLatch(1));
    }

    private String opened() {
        Answer opened = http().post(RITA, "/relationships", OPEN);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.text("aggregateId");
    }

    private Answer contact(String relationship) {
        return http().post(RITA, "/relationships/" + relationship + "/contacts", CONTACT);
    }

    /** The retry, again while the released command may still be on its way to the store (then 503 once more). */
    private Answer retried(String relationship, String key) throws InterruptedException {
        Answer retry = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            retry = http().post(RITA, "/relationships/" + relationship + "/contacts", CONTACT,
                    Map.of("Idempotency-Key", key));
            if (retry.status() != 503) {
                return retry;
            }
            Thread.sleep(200);
        }
        return retry;
    }

    private static long count(String sql, String parameter) throws Exception {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
