package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.deploy.Ledger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both applications on one fresh real database, started once per test class: tests drive the command API over
 * HTTP and read the query API, as users do. Use {@link #created(Answer)} and {@link #readAfter(Answer, TestUsers,
 * String)} to wait for a command's position on the query side.
 */
public abstract class RunningLedger {

    protected static String database;
    protected static Ledger ledger;
    protected static LedgerHttp commands;
    protected static LedgerHttp queries;

    @BeforeAll
    static void startLedger() {
        start(Map.of());
    }

    /** Starts the ledger with more properties than the defaults: for a class whose {@code startLedger()} hides ours. */
    protected static void start(Map<String, String> more) {
        database = TestPostgres.freshDatabase("read_models");
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "spring.datasource.url", database,
                "spring.flyway.user", TestPostgres.SUPERUSER,
                "spring.config.import", "classpath:ledger-test-users.yml",
                "server.port", "0",
                "ledger.read-your-writes.max-wait", "2s"));
        properties.putAll(more);
        ledger = Ledger.start(properties, Map.of(), Map.of());
        commands = new LedgerHttp(ledger.commandPort());
        queries = new LedgerHttp(ledger.queryPort());
    }

    @AfterAll
    static void stopLedger() {
        if (ledger != null) {
            ledger.close();
        }
    }

    /** Asserts a command was accepted (200 or 201) and answers it. */
    protected static Answer accepted(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isIn(200, 201);
        return answer;
    }

    /** Opens a relationship owned by rita and answers its id. */
    protected static String openRelationship(String name, String kind) {
        return accepted(commands.post(TestUsers.RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\"}}")).text("aggregateId");
    }

    /** GET on the query side once the projections have reached the command's position (read-your-writes). */
    protected static Answer readAfter(Answer command, TestUsers user, String path) {
        long position = command.json().get("position").asLong();
        String separator = path.contains("?") ? "&" : "?";
        Answer answer = queries.get(user, path + separator + "atLeast=" + position);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    /** Waits until a GET answers 200 and the condition holds. */
    protected static Answer awaitQuery(TestUsers user, String path, java.util.function.Predicate<Answer> condition) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> queries.get(user, path), a -> a.status() == 200 && condition.test(a));
    }

    protected static Connection superuser() throws SQLException {
        return TestPostgres.superuserConnection(database.substring(database.lastIndexOf('/') + 1));
    }
}
