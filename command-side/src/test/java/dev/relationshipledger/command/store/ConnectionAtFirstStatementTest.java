package dev.relationshipledger.command.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands queued for one relationship's lock hold no pooled connection, so a command for another relationship
 * is not kept waiting for the pool ({@link ConnectionAtFirstStatement}). With a pool of three and three commands
 * queued behind a held lock, the old order (connection first, lock second) left the pool empty and the other
 * relationship's command failed after the pool's 5 s timeout.
 *
 * <p>With group commit off: then every command waits for its aggregate on a thread of its own. With group commit
 * (decision 0018) waiting commands sit in the committers' queue, holding nothing, and only a committer waits for an
 * aggregate's lock, holding its group's connection.
 */
@TestPropertySource(properties = {
        "spring.datasource.hikari.maximum-pool-size=" + ConnectionAtFirstStatementTest.POOL,
        "ledger.commands.group-commit.enabled=false"})
class ConnectionAtFirstStatementTest extends CommandSideTest {

    static final int POOL = 3;
    static final String CONTACT = """
            {"channel":"CALL","summary":"%s","sentiment":"NEUTRAL","occurredAt":"2026-01-05T10:00:00Z"}""";

    @Autowired
    DataSource dataSource;

    @Autowired
    Repository<?> relationshipRepository;

    @Autowired
    MeterRegistry meters;

    @Test
    void theDataSourceEveryoneGetsLendsItsConnectionAtTheFirstStatement() {
        assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
        DataSource pool = ((LazyConnectionDataSourceProxy) dataSource).getTargetDataSource();
        assertThat(pool).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) pool).getMaximumPoolSize()).isEqualTo(POOL);
        // the pool starts, and publishes its meters, when it lends its first connection
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
        assertThat(meters.find("hikaricp.connections.max").tag("pool", "ledger-command").gauge())
                .as("the pool's metrics are still published").isNotNull()
                .satisfies(g -> assertThat(g.value()).isEqualTo(POOL));
    }

    @Test
    void commandsWaitingForABusyRelationshipLeaveThePoolToTheOthers() throws Exception {
        String busy = open();
        String other = open();
        ExecutorService clients = Executors.newFixedThreadPool(POOL);
        UnitOfWork<?> holding = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("hold the lock"));
        List<CompletableFuture<Answer>> queued = new ArrayList<>();
        try {
            relationshipRepository.load(busy); // takes the relationship's lock until the unit of work ends
            for (int i = 0; i < POOL; i++) {
                String summary = "queued " + i;
                queued.add(CompletableFuture.supplyAsync(() -> contact(busy, summary), clients));
            }
            awaitThreadsWaitingForAnAggregateLock(POOL);

            long started = System.nanoTime();
            Answer meanwhile = contact(other, "meanwhile");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(201);
            assertThat(took).as("well inside the pool's 5 s wait").isLessThan(Duration.ofSeconds(3));
            assertThat(queued).noneMatch(CompletableFuture::isDone);
        } finally {
            holding.rollback();
        }
        List<Long> versions = new ArrayList<>();
        for (CompletableFuture<Answer> q : queued) {
            Answer answer = q.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            versions.add(answer.json().get("version").asLong());
        }
        assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L);
        clients.shutdown();
    }

    private static void awaitThreadsWaitingForAnAggregateLock(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (waitingForAnAggregateLock() < expected) {
            assertThat(System.nanoTime()).as("%d commands queued for the lock", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long waitingForAnAggregateLock() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.WAITING
                        || e.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().contains("PessimisticLockFactory")))
                .count();
    }

    private String open() {
        Answer opened = http().post(TestUsers.RITA, "/relationships", "{\"relationshipId\":\"" + UUID.randomUUID()
                + "\",\"counterparty\":{\"name\":\"Busy Ltd\",\"kind\":\"PARTNER\"}}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.text("aggregateId");
    }

    private Answer contact(String relationship, String summary) {
        return http().post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", CONTACT.formatted(summary));
    }
}
