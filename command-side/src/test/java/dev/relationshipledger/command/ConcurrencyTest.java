package dev.relationshipledger.command;

import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty writers on one relationship at once, over HTTP against the real event store: nothing is lost or doubled, the
 * aggregate's sequence numbers run without a hole and in the order of their positions, a stale If-Match is a 409 and
 * never an append, and of fifty racing creations of one id exactly one wins. With group commit on (the default,
 * decision 0018) the writers' commands are stored in groups; {@link ConcurrencyWithoutGroupCommitTest} runs every
 * race again with one transaction per command.
 */
class ConcurrencyTest extends CommandSideTest {

    static final int WRITERS = 50;

    @Value("${ledger.commands.group-commit.enabled}")
    boolean groupCommit;
    @Autowired
    MeterRegistry registry;
    static final String CONTACT = """
            {"channel":"CALL","summary":"writer %d, call %d","sentiment":"NEUTRAL","occurredAt":"2026-01-05T10:00:00Z"}""";

    @Test
    void fiftyWritersOnOneRelationshipAppendEveryContactOnceInOneUnbrokenSequence() throws Exception {
        String relationship = open(UUID.randomUUID().toString()).text("aggregateId");
        int perWriter = 4;
        List<Answer> answers = race(WRITERS, writer -> {
            List<Answer> mine = new ArrayList<>();
            for (int call = 0; call < perWriter; call++) {
                mine.add(http().post(writer % 2 == 0 ? TestUsers.RITA : TestUsers.MARIA,
                        "/relationships/" + relationship + "/contacts", CONTACT.formatted(writer, call)));
            }
            return mine;
        }).stream().flatMap(List::stream).toList();

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().get("version").asLong()).sorted().toList())
                .as("every writer got its own version").containsExactlyElementsOf(
                        LongStream.rangeClosed(1, WRITERS * perWriter).boxed().toList());
        List<long[]> stored = events(relationship);
        assertThat(stored).hasSize(WRITERS * perWriter + 1);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i)[1]).as("sequence numbers without a hole, in position order").isEqualTo(i);
        }
        for (Answer answer : answers) {
            long version = answer.json().get("version").asLong();
            assertThat(answer.json().get("position").asLong()).isEqualTo(stored.get((int) version)[0]);
        }
    }

    @Test
    void concurrentWritersShareTransactionsOnlyWithGroupCommit() throws Exception {
        long positionBefore = lastPosition();
        double decidedAgainBefore = groupCommit ? decidedAgain() : 0;
        fiftyWritersOnOneRelationshipAppendEveryContactOnceInOneUnbrokenSequence();
        int[] eventsAndTransactions = eventsAndTransactionsAfter(positionBefore);
        if (groupCommit) {
            assertThat(eventsAndTransactions[1]).as("transactions storing %d events", eventsAndTransactions[0])
                    .isLessThan(eventsAndTransactions[0]);
            assertThat(decidedAgain()).as("no group failed: every writer's command was accepted")
                    .isEqualTo(decidedAgainBefore);
        } else {
            assertThat(eventsAndTransactions[1]).as("one transaction per event").isEqualTo(eventsAndTransactions[0]);
            assertThat(registry.find("ledger.command.group.decided.again").counter()).isNull();
        }
    }

    @Test
    void ofFiftyWritersExpectingTheSameVersionOneWinsAndTheOthersGet409() throws Exception {
        String relationship = open(UUID.randomUUID().toString()).text("aggregateId");
        for (int round = 0; round < 3; round++) {
            long expected = events(relationship).size() - 1;
            int r = round;
            List<Answer> answers = race(WRITERS, writer -> http().post(TestUsers.RITA,
                    "/relationships/" + relationship + "/contacts", CONTACT.formatted(writer, r),
                    Map.of("If-Match", "\"" + expected + "\"")));
            assertThat(answers.stream().filter(a -> a.status() == 201)).as("round " + round).hasSize(1);
            assertThat(answers.stream().filter(a -> a.status() != 201)).allSatisfy(a -> {
                assertThat(a.status()).as(a.body()).isEqualTo(409);
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(a.text("type")).isEqualTo("urn:relationship-ledger:problem:version-conflict");
            });
            assertThat(events(relationship)).hasSize((int) expected + 2);
        }
    }

    @Test
    void ofFiftyRacingCreationsOfOneIdExactlyOneCreatesIt() throws Exception {
        String id = UUID.randomUUID().toString();
        List<Answer> answers = race(WRITERS, writer -> open(id));
        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(1);
        assertThat(answers.stream().filter(a -> a.status() != 201)).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(409);
            assertThat(a.text("type")).isEqualTo("urn:relationship-ledger:problem:already-exists");
        });
        assertThat(events(id)).hasSize(1);
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM event_store.relationship_directory WHERE relationship_id = ?::uuid")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void fiftyRacingRetriesOfOneCreationWithOneKeyCreateItOnceAndAllGetItsAnswer() throws Exception {
        String key = "race-" + UUID.randomUUID();
        List<Answer> answers = race(WRITERS, writer -> http().post(TestUsers.RALF, "/relationships",
                "{\"counterparty\":{\"name\":\"Same Key Ltd\",\"kind\":\"CUSTOMER\"}}", Map.of("Idempotency-Key", key)));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        assertThat(answers.stream().map(Answer::json).distinct()).hasSize(1);
        assertThat(events(answers.get(0).text("aggregateId"))).hasSize(1);
    }

    private Answer open(String id) {
        return http().post(TestUsers.RITA, "/relationships", "{\"relationshipId\":\"" + id
                + "\",\"counterparty\":{\"name\":\"Contended " + id.substring(0, 8) + "\",\"kind\":\"SUPPLIER\"}}");
    }

    /** Runs {@code writers} tasks released at the same instant and answers their results in writer order. */
    private static <T> List<T> race(int writers, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(writer);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private double decidedAgain() {
        return registry.get("ledger.command.group.decided.again").counter().count();
    }

    private static long lastPosition() throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The events stored after the position, and how many transactions stored them (their rows' xmin). */
    private static int[] eventsAndTransactionsAfter(long position) throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             PreparedStatement s = c.prepareStatement("SELECT count(*), count(DISTINCT xmin::text) "
                     + "FROM event_store.domain_event_entry WHERE global_index > ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new int[]{rs.getInt(1), rs.getInt(2)};
            }
        }
    }

    /** (position, sequence number) of an aggregate's events, in position order. */
    private static List<long[]> events(String aggregate) throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             PreparedStatement s = c.prepareStatement("SELECT global_index, sequence_number FROM "
                     + "event_store.domain_event_entry WHERE aggregate_identifier = ? ORDER BY global_index")) {
            s.setString(1, aggregate);
            List<long[]> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new long[]{rs.getLong(1), rs.getLong(2)});
                }
            }
            return found;
        }
    }
}
