package dev.relationshipledger.deploy.reliability;

import dev.relationshipledger.command.CommandSideApplication;
import dev.relationshipledger.query.QuerySideApplication;
import dev.relationshipledger.query.audit.AuditTrailProjection;
import dev.relationshipledger.query.negotiation.NegotiationHistoryProjection;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import dev.relationshipledger.query.store.ProjectionProgress;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * No silent skips (decision 0007): a transaction that drew a lower position and commits after higher ones must reach
 * every projection, or be refused and reported; it is never lost quietly.
 *
 * <p>Deterministic: the held transaction is a real transaction of the command side's login that appends a genuine
 * event (a copy of a NegotiationOpened the API wrote, under a new negotiation id) and then waits while other commands
 * commit above it. Here the readers' gap timeout is 3 s, the command side's idle-in-transaction timeout 2 s and its
 * lock timeout 3.5 s (60 s, 5 s and 5 s in production), so that a hold "past the gap timeout" takes seconds. The last
 * two tests switch the read horizon off: a short hold is still read (decision 0008 covers that case), a hold past
 * the gap timeout is lost, as decision 0007 describes: the tests see the failure they guard against.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoSilentSkipsTest {

    static final Duration GAP_TIMEOUT = Duration.ofSeconds(3);
    static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(3500);
    static final Duration CHAIN_GAP_GRACE = Duration.ofMillis(500);
    static final List<String> PROJECTIONS = List.of(AuditTrailProjection.NAME, RelationshipStatusProjection.NAME,
            NegotiationHistoryProjection.NAME);
    static final String MANDATE = """
            {"priceFloor":{"amount":100,"currency":"EUR"},"maxDiscountPercent":10,
             "minDurationMonths":12,"maxDurationMonths":36,"approvers":["maria"]}""";

    static String database;
    static ConfigurableApplicationContext commandSide;
    static ConfigurableApplicationContext querySide;
    static LedgerHttp commands;
    static LedgerHttp queries;
    static Template negotiationOpened;

    /** A NegotiationOpened as the command side stored it, to append copies of. */
    record Template(String relationshipId, String negotiationId, String type, String payloadType, String payload,
                    String metaData) {
    }

    @BeforeAll
    static void start() throws Exception {
        database = TestPostgres.freshDatabase("no_silent_skips");
        List<String> shared = List.of("--spring.datasource.url=" + database,
                "--spring.flyway.user=" + TestPostgres.SUPERUSER, "--" + TestUsers.CONFIG_IMPORT, "--server.port=0");
        List<String> command = new ArrayList<>(shared);
        command.add("--ledger.store.idle-in-transaction-timeout=" + IDLE_IN_TRANSACTION_TIMEOUT.toMillis() + "ms");
        command.add("--ledger.store.lock-timeout=" + LOCK_TIMEOUT.toMillis() + "ms");
        // shorter than every hold below: a chainer that read past an open append would link past its gap in time
        command.add("--ledger.chain.gap-grace=" + CHAIN_GAP_GRACE.toMillis() + "ms");
        commandSide = CommandSideApplication.builder().registerShutdownHook(false).run(command.toArray(String[]::new));
        List<String> query = new ArrayList<>(shared);
        query.add("--ledger.events.gap-timeout=" + GAP_TIMEOUT.toMillis() + "ms");
        querySide = QuerySideApplication.builder().registerShutdownHook(false).run(query.toArray(String[]::new));
        commands = new LedgerHttp(((WebServerApplicationContext) commandSide).getWebServer().getPort());
        queries = new LedgerHttp(((WebServerApplicationContext) querySide).getWebServer().getPort());

        String relationship = openRelationship("Template Ltd");
        String negotiation = accepted(commands.post(TestUsers.RITA, "/negotiations", "{\"relationshipId\":\""
                + relationship + "\",\"subject\":\"template\",\"mandate\":" + MANDATE + "}")).text("aggregateId");
        try (Connection c = superuser(); PreparedStatement s = c.prepareStatement("""
                SELECT type, payload_type, convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8')
                FROM event_store.domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""")) {
            s.setString(1, negotiation);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                negotiationOpened = new Template(relationship, negotiation, rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (querySide != null) {
            querySide.close();
        }
        if (commandSide != null) {
            commandSide.close();
        }
    }

    @Test
    @Order(1)
    void aTransactionHeldPastTheGapTimeoutWhileOthersCommitReachesEveryProjection() throws Exception {
        String heldRelationship = openRelationship("Slow Writer AG");
        String busy = openRelationship("Busy Neighbour plc");
        awaitProjected(lastPosition());
        List<Long> others = new ArrayList<>();
        // a session outside the command side's limits (an operator's, a stalled node's): nothing ends it early
        try (Held held = Held.open(TestPostgres.connectAs(database, "ledger_command"), heldRelationship)) {
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                Answer answer = logContact(busy);
                assertThat(position(answer)).as("appends are not held up").isGreaterThan(held.position);
                others.add(position(answer));
            }
            Thread.sleep(500);
            assertThat(auditPositions()).as("the readers stop below the open transaction").doesNotContainAnyElementsOf(others);
            Thread.sleep(Math.max(0, GAP_TIMEOUT.plusMillis(500).toMillis() - (System.nanoTime() - started) / 1_000_000));
            held.commit(); // well past the gap timeout, above which the neighbours now look old
            awaitProjected(others.get(others.size() - 1));
            assertReachedEveryProjection(held);
        }
        assertThat(auditPositions()).containsAll(others);
        assertProjectionsHoldExactlyTheStoredEvents();
    }

    @Test
    @Order(2)
    void aCommandSideTransactionThatStallsPastItsLimitIsEndedAndNothingIsLost() throws Exception {
        String heldRelationship = openRelationship("Stalled Node GmbH");
        String busy = openRelationship("Patient Neighbour SA");
        Held held = Held.open(commandSideConnection(), heldRelationship);
        Answer neighbour;
        try {
            neighbour = logContact(busy);
            Thread.sleep(IDLE_IN_TRANSACTION_TIMEOUT.plusMillis(500).toMillis());
            assertThatThrownBy(held::commit).as("the server ended the stalled transaction").isInstanceOf(SQLException.class);
        } finally {
            held.close();
        }
        assertThat(stored(held.eventId)).as("a refused transaction appends nothing").isFalse();
        awaitProjected(position(neighbour));
        assertProjectionsHoldExactlyTheStoredEvents();
    }

    @Test
    @Order(3)
    void aLateCommitIsAppliedBeforeTheLaterEventsOfItsRelationship() throws Exception {
        String relationship = openRelationship("One Relationship Inc");
        try (Held held = Held.open(commandSideConnection(), relationship)) {
            Answer contact = logContact(relationship); // another aggregate of the same relationship: not held up
            assertThat(position(contact)).isGreaterThan(held.position);
            Thread.sleep(700);
            held.commit();
            awaitProjected(position(contact));
            // the order shows in the status row: it skips an event at or below its last position, so had the
            // contact been folded first, the held NegotiationOpened would be missing from liveNegotiations
            assertReachedEveryProjection(held);
        }
        Answer status = queries.get(TestUsers.MARIA, "/relationships/" + relationship);
        assertThat(status.json().get("contactCount").asInt()).isEqualTo(1);
        assertProjectionsHoldExactlyTheStoredEvents();
    }

    @Test
    @Order(4)
    void aCommandThatWaitsLongerThanTheLockTimeoutIsRefusedWith503AndItsRetryIsRecordedOnce() throws Exception {
        String relationship = openRelationship("Refused Commit Co");
        String body = """
                {"channel":"CALL","summary":"patience","sentiment":"NEUTRAL","occurredAt":"2026-01-05T10:00:00Z"}""";
        Map<String, String> key = Map.of("Idempotency-Key", "refused-once");
        long before = count();
        Answer refused;
        // an operator's session blocks every append for longer than the command side's lock timeout
        try (Connection operator = superuser()) {
            operator.setAutoCommit(false);
            operator.createStatement().execute("LOCK TABLE event_store.domain_event_entry IN SHARE MODE");
            refused = commands.post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", body, key);
            operator.rollback();
        }
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(count()).isEqualTo(before);
        Answer retried = commands.post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", body, key);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(count()).isEqualTo(before + 1);
        assertProjectionsHoldExactlyTheStoredEvents();
    }

    @Test
    @Order(5)
    void withoutTheReadHorizonALateCommitWithinTheGapTimeoutIsStillReadUnderItsOwnPosition() throws Exception {
        String heldRelationship = openRelationship("Control Late Ltd");
        String busy = openRelationship("Control Neighbour Ltd");
        withoutReadHorizon(() -> {
            try (Held held = Held.open(TestPostgres.connectAs(database, "ledger_command"), heldRelationship)) {
                Answer neighbour = logContact(busy); // not held up: commits above the held position
                assertThat(position(neighbour)).isGreaterThan(held.position);
                awaitProjected(position(neighbour));
                held.commit(); // after a second, far inside every limit
                awaitProjected(held.position);
                assertThat(stored(held.eventId)).isTrue();
                // This was the first way a late commit was lost (filed under the neighbour's position and dropped);
                // the query side reads every event's own position (decision 0008), so even without the horizon a
                // late commit inside the gap timeout is kept. The hold past the gap timeout (next test) needs it.
                assertThat(auditPositions()).as("read under its own position").contains(held.position);
            }
        });
    }

    @Test
    @Order(6)
    void controlWithoutTheReadHorizonAHoldPastTheGapTimeoutIsNeverRead() throws Exception {
        String heldRelationship = openRelationship("Control Skip Ltd");
        String busy = openRelationship("Control Busy Ltd");
        withoutReadHorizon(() -> {
            processors(EventProcessor::shutDown); // the readers lag: they meet the neighbour once it looks old
            try (Held held = Held.open(TestPostgres.connectAs(database, "ledger_command"), heldRelationship)) {
                Answer neighbour = logContact(busy);
                Thread.sleep(GAP_TIMEOUT.plusMillis(500).toMillis());
                processors(EventProcessor::start);
                awaitProjected(position(neighbour));
                held.commit();
                Answer after = logContact(busy);
                awaitProjected(position(after));
                assertThat(stored(held.eventId)).isTrue();
                assertThat(tokenGaps()).as("the gap was given up: AxonFramework#4829").doesNotContain(held.position);
                assertThat(auditPositions()).doesNotContain(held.position);
            } finally {
                processors(EventProcessor::start);
            }
        });
    }

    interface Step {
        void run() throws Exception;
    }

    /** Runs a step with a read horizon that holds nothing back: the readers tail the table as Axon alone would. */
    static void withoutReadHorizon(Step step) throws Exception {
        String original = functionDefinition();
        execute("""
                CREATE OR REPLACE FUNCTION event_store.read_horizon() RETURNS bigint
                    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS 'SELECT 9223372036854775807::bigint'""");
        try {
            step.run();
        } finally {
            execute(original);
        }
    }

    static String functionDefinition() throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_get_functiondef('event_store.read_horizon()'::regprocedure)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Connection commandSideConnection() throws SQLException {
        return commandSide.getBean(DataSource.class).getConnection();
    }

    /**
     * A transaction that has appended one event (a NegotiationOpened of a new negotiation on the given relationship)
     * and has not committed yet.
     */
    static final class Held implements AutoCloseable {
        final Connection connection;
        final String relationshipId;
        final String negotiationId = UUID.randomUUID().toString();
        final String eventId = UUID.randomUUID().toString();
        final long position;

        private Held(Connection connection, String relationshipId) throws SQLException {
            this.connection = connection;
            this.relationshipId = relationshipId;
            connection.setAutoCommit(false);
            Template t = negotiationOpened;
            String payload = t.payload().replace(t.negotiationId(), negotiationId).replace(t.relationshipId(), relationshipId);
            try (PreparedStatement s = connection.prepareStatement("""
                    INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                        type, time_stamp, payload_type, payload_revision, payload, meta_data)
                    VALUES (?, ?, 0, ?, ?, ?, NULL, convert_to(?, 'UTF8'), convert_to(?, 'UTF8'))
                    RETURNING global_index""")) {
                s.setString(1, eventId);
                s.setString(2, negotiationId);
                s.setString(3, t.type());
                s.setString(4, Instant.now().toString());
                s.setString(5, t.payloadType());
                s.setString(6, payload);
                s.setString(7, t.metaData());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    position = rs.getLong(1);
                }
            }
        }

        static Held open(Connection connection, String relationshipId) throws SQLException {
            return new Held(connection, relationshipId);
        }

        void commit() throws SQLException {
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            try {
                if (!connection.isClosed() && !connection.getAutoCommit()) {
                    connection.rollback();
                }
            } catch (SQLException ignored) {
                // the server may have ended the session already
            }
            connection.close();
        }
    }

    static void assertReachedEveryProjection(Held held) {
        assertThat(auditPositions()).as("audit trail").contains(held.position);
        Answer negotiation = queries.get(TestUsers.MARIA, "/negotiations/" + held.negotiationId);
        assertThat(negotiation.status()).as("negotiation history: " + negotiation.body()).isEqualTo(200);
        Answer status = queries.get(TestUsers.MARIA, "/relationships/" + held.relationshipId);
        assertThat(status.json().get("liveNegotiations").asInt()).as("relationship status").isEqualTo(1);
    }

    /** Every event in the store is in the audit trail once and linked into the hash chain, and nothing else is. */
    static void assertProjectionsHoldExactlyTheStoredEvents() throws SQLException {
        awaitProjected(lastPosition());
        List<Long> stored = query("SELECT global_index FROM event_store.domain_event_entry ORDER BY 1");
        assertThat(auditPositions()).isEqualTo(stored);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                query("SELECT position FROM event_store.event_chain WHERE position <= " + stored.get(stored.size() - 1)
                        + " ORDER BY 1")).as("hash chain").isEqualTo(stored));
    }

    static List<Long> auditPositions() {
        try {
            return query("SELECT position FROM read_model.audit_entry ORDER BY 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count() throws SQLException {
        return query("SELECT count(*) FROM event_store.domain_event_entry").get(0);
    }

    static List<Long> tokenGaps() {
        List<Long> gaps = new ArrayList<>();
        ProjectionProgress progress = querySide.getBean(ProjectionProgress.class);
        progress.tokens(AuditTrailProjection.NAME).forEach(t ->
                gaps.addAll(((org.axonframework.eventhandling.GapAwareTrackingToken) t.token()).getGaps()));
        return gaps;
    }

    static long lastPosition() throws SQLException {
        List<Long> last = query("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry");
        return last.get(0);
    }

    static boolean stored(String eventId) throws SQLException {
        try (Connection c = superuser(); PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM event_store.domain_event_entry WHERE event_identifier = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<Long> query(String sql) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Long> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        }
    }

    static void execute(String... statements) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static void awaitProjected(long position) {
        ProjectionProgress progress = querySide.getBean(ProjectionProgress.class);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                PROJECTIONS.stream().allMatch(p -> progress.covers(p, position, null)));
    }

    static void processors(java.util.function.Consumer<EventProcessor> action) {
        querySide.getBean(EventProcessingConfiguration.class).eventProcessors().values().forEach(action);
    }

    static String openRelationship(String name) {
        return accepted(commands.post(TestUsers.RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"SUPPLIER\"}}")).text("aggregateId");
    }

    static Answer logContact(String relationship) {
        return accepted(commands.post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", """
                {"channel":"CALL","summary":"checking in","sentiment":"NEUTRAL","occurredAt":"2026-01-05T10:00:00Z"}"""));
    }

    static long position(Answer answer) {
        return answer.json().get("position").asLong();
    }

    static Answer accepted(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isIn(200, 201);
        return answer;
    }

    static Connection superuser() throws SQLException {
        return TestPostgres.superuserConnection(database.substring(database.lastIndexOf('/') + 1));
    }
}
