package dev.relationshipledger.command.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.command.CommandSideApplication;
import dev.relationshipledger.command.chain.proof.ChainVerifier;
import dev.relationshipledger.command.chain.proof.Checkpoint;
import dev.relationshipledger.command.chain.proof.EvidencePack;
import dev.relationshipledger.command.chain.proof.SigningKey;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command side with its chainer running on a real PostgreSQL of its own (tampering must not disturb other
 * tests): the chain follows appends, checkpoints are signed and exported, verification and evidence packs over
 * HTTP, and who may use them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + CommandSideApplication.CONFIG_NAME, TestUsers.CONFIG_IMPORT,
                "ledger.chain.link-interval=100ms", "ledger.chain.gap-grace=1s", "ledger.chain.checkpoint-every-events=4",
                "ledger.chain.checkpoint-interval=PT1H"})
class ChainApiTest {

    static final String DATABASE_URL = TestPostgres.freshDatabase("chain_api");
    static final Path DIRECTORY = temporaryDirectory();
    static final Path KEY_FILE = DIRECTORY.resolve("keys/chain-signing-key.pem");
    static final Path EXPORTS = DIRECTORY.resolve("checkpoints");

    @LocalServerPort
    int port;

    @Autowired
    ScheduledVerification scheduled;

    @Autowired
    ThreadPoolTaskScheduler taskScheduler;

    @Value("${ledger.metrics.chain.verification-query}")
    String verificationMetricsQuery;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SigningKey.readOrCreate(KEY_FILE);
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.flyway.user", () -> TestPostgres.SUPERUSER);
        registry.add("ledger.chain.signing-key-file", KEY_FILE::toString);
        registry.add("ledger.chain.checkpoint-export-dir", EXPORTS::toString);
    }

    LedgerHttp http() {
        return new LedgerHttp(port);
    }

    String openRelationship(String name) {
        Answer answer = http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"SUPPLIER\"}}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    long logContact(String relationship) {
        Answer answer = http().post(RITA, "/relationships/" + relationship + "/contacts", """
                {"channel":"CALL","summary":"Price talk","sentiment":"NEUTRAL","occurredAt":"2026-11-02T09:00:00Z"}""");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("position").asLong();
    }

    JsonNode awaitChainedUpTo(long position) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> http().get(CARL, "/chain/verification").json(),
                        json -> json.get("chainHead").asLong(0) >= position).deepCopy();
    }

    @Test
    void theChainFollowsAppendsAndVerifies() {
        String relationship = openRelationship("Chained Steel");
        long last = logContact(relationship);

        JsonNode verification = awaitChainedUpTo(last);
        assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("firstMismatch").isNull()).isTrue();
        assertThat(verification.get("eventsChecked").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(verification.get("checkedFrom").asLong()).isEqualTo(1);

        Answer range = http().get(ADAM, "/chain/verification?from=2&to=" + last);
        assertThat(range.status()).isEqualTo(200);
        assertThat(range.json().get("ok").asBoolean()).isTrue();
        assertThat(range.json().get("checkedFrom").asLong()).isEqualTo(2);
        assertThat(http().get(CARL, "/chain/verification?from=5&to=2").status()).isEqualTo(400);
        Answer unknown = http().get(CARL, "/chain/verification?form=5");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("form");
        assertThat(http().get(CARL, "/chain/checkpoints?limit=0").status()).isEqualTo(400);
        assertThat(http().get(CARL, "/chain/checkpoints?limit=1001").status()).isEqualTo(400);
        assertThat(http().get(CARL, "/chain/checkpoints?limit=1").status()).isEqualTo(200);
    }

    @Test
    void onlyComplianceAndAdministratorsCheckTheChain() {
        assertThat(http().get(CARL, "/chain/verification").status()).isEqualTo(200);
        assertThat(http().get(ADAM, "/chain/checkpoints").status()).isEqualTo(200);
        assertThat(http().get(RITA, "/chain/verification").status()).isEqualTo(403);
        assertThat(http().get(MARIA, "/chain/verification").status()).isEqualTo(403);
        assertThat(http().get(BIANCA, "/chain/checkpoints").status()).isEqualTo(403);
        assertThat(http().get(null, "/chain/verification").status()).isEqualTo(401);
    }

    @Test
    void checkpointsAreSignedListedAndExported() throws IOException {
        String relationship = openRelationship("Checkpointed Ltd");
        long last = 0;
        for (int i = 0; i < 4; i++) {
            last = logContact(relationship);
        }
        long head = last;
        await().atMost(Duration.ofSeconds(20)).until(() -> http().get(CARL, "/chain/checkpoints").json(),
                list -> list.size() > 0 && list.get(0).get("headPosition").asLong() >= head - 4);

        PublicKey publicKey = SigningKey.publicKeyFromPem(http().get(CARL, "/chain/public-key").text("pem"));
        JsonNode listed = http().get(CARL, "/chain/checkpoints").json();
        for (JsonNode checkpoint : listed) {
            assertThat(Checkpoint.fromJson(checkpoint).signatureValid(publicKey)).isTrue();
        }
        try (Stream<Path> files = Files.list(EXPORTS)) {
            List<Path> exported = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            assertThat(exported).isNotEmpty();
            for (Path file : exported) {
                assertThat(Checkpoint.readFile(file).signatureValid(publicKey)).as(file.toString()).isTrue();
                assertThat(Files.readString(file)).contains("\"publicKey\"", "\"signature\"", "\"headLink\"");
            }
        }
    }

    @Test
    void evidencePacksProveARelationshipAndANegotiationOffline() throws Exception {
        String relationship = openRelationship("Evidence GmbH");
        logContact(relationship);
        Answer negotiation = http().post(RITA, "/negotiations", "{\"relationshipId\":\"" + relationship
                + "\",\"subject\":\"2027 supply\",\"mandate\":{\"priceFloor\":{\"amount\":100,\"currency\":\"EUR\"},"
                + "\"maxDiscountPercent\":10,\"minDurationMonths\":12,\"maxDurationMonths\":36,\"approvers\":[\"maria\"]}}");
        assertThat(negotiation.status()).as(negotiation.body()).isEqualTo(201);
        awaitChainedUpTo(negotiation.json().get("position").asLong());
        PublicKey publicKey = SigningKey.readPublicKey(SigningKey.publicKeyFileBeside(KEY_FILE));

        HttpResponse<byte[]> pack = download(CARL, "/evidence/relationships/" + relationship);
        assertThat(pack.statusCode()).isEqualTo(200);
        assertThat(pack.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(pack.headers().firstValue("Content-Disposition").orElseThrow()).contains("evidence-relationship-" + relationship);
        EvidencePack.PackReport report = EvidencePack.verify(pack.body(), publicKey);
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(3);

        HttpResponse<byte[]> negotiationPack = download(MARIA, "/evidence/negotiations/" + negotiation.text("aggregateId"));
        assertThat(negotiationPack.statusCode()).isEqualTo(200);
        report = EvidencePack.verify(negotiationPack.body(), publicKey);
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(1);

        byte[] changed = pack.body().clone();
        changed[changed.length / 2] ^= 1;
        assertThat(EvidencePack.verify(changed, publicKey).ok()).isFalse();
    }

    @Test
    void evidencePacksAreForComplianceAndManagers() throws Exception {
        String relationship = openRelationship("Who May Ltd");
        assertThat(download(RITA, "/evidence/relationships/" + relationship).statusCode()).isEqualTo(403);
        assertThat(download(BIANCA, "/evidence/relationships/" + relationship).statusCode()).isEqualTo(403);
        assertThat(download(ADAM, "/evidence/relationships/" + relationship).statusCode()).isEqualTo(403);
        assertThat(download(CARL, "/evidence/relationships/00000000-0000-4000-8000-000000000000").statusCode()).isEqualTo(404);
        assertThat(download(CARL, "/evidence/relationships/not-a-uuid").statusCode()).isEqualTo(400);
        // a relationship's id is not a negotiation's: no pack that calls its events a negotiation's
        logContact(relationship);
        assertThat(download(CARL, "/evidence/negotiations/" + relationship).statusCode()).isEqualTo(404);
    }

    @Test
    void aByteChangedBehindTheApplicationsBackIsReportedWithItsPosition() throws Exception {
        String relationship = openRelationship("Tampered AG");
        long victim = logContact(relationship);
        awaitChainedUpTo(victim);
        String flip = "UPDATE event_store.domain_event_entry SET payload = set_byte(payload, 3, get_byte(payload, 3) # 1) "
                + "WHERE global_index = " + victim;
        superuser(flip);
        try {
            JsonNode verification = http().get(CARL, "/chain/verification").json();
            assertThat(verification.get("ok").asBoolean()).isFalse();
            assertThat(verification.get("firstMismatch").get("position").asLong()).isEqualTo(victim);
            assertThat(verification.get("firstMismatch").get("problem").asText()).contains("no longer matches its link");

            Answer refused = http().get(CARL, "/evidence/relationships/" + relationship);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("position").asLong()).isEqualTo(victim);
        } finally {
            superuser(flip);
        }
        assertThat(http().get(CARL, "/chain/verification").json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void theScheduledVerificationRecordsWhatItFindsAndLeavesItToAFreshOne() throws Exception {
        String relationship = openRelationship("Scheduled Check SA");
        long victim = logContact(relationship);
        awaitChainedUpTo(victim);

        // the API's verification of the whole chain above is fresh: nothing is due within the hour
        assertThat(scheduled.verifyIfOlderThan(Duration.ofHours(1))).isEmpty();
        // a range checked since does not count as a whole verification
        Thread.sleep(1_500);
        assertThat(http().get(CARL, "/chain/verification?from=1&to=" + victim).status()).isEqualTo(200);
        assertThat(scheduled.verifyIfOlderThan(Duration.ofSeconds(1))).isPresent();

        ChainVerifier.Report intact = scheduled.verifyIfOlderThan(Duration.ZERO).orElseThrow();
        assertThat(intact.ok()).isTrue();
        assertThat(intact.checkedFrom()).isEqualTo(1);
        assertThat(intact.checkedTo()).isGreaterThanOrEqualTo(victim);
        assertThat(lastRecorded()).isEqualTo("intact up to " + intact.checkedTo());

        // another node verifying (holding the lock): this one leaves it to that one
        try (Connection other = superuserConnection(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(" + ScheduledVerification.LOCK_KEY + ")");
            assertThat(scheduled.verifyIfOlderThan(Duration.ZERO)).isEmpty();
            s.execute("SELECT pg_advisory_unlock(" + ScheduledVerification.LOCK_KEY + ")");
        }

        // a changed event is found and recorded as broken, where the failure alert's metric reads it
        String flip = "UPDATE event_store.domain_event_entry SET payload = set_byte(payload, 3, get_byte(payload, 3) # 1) "
                + "WHERE global_index = " + victim;
        superuser(flip);
        try {
            ChainVerifier.Report broken = scheduled.verifyIfOlderThan(Duration.ZERO).orElseThrow();
            assertThat(broken.ok()).isFalse();
            assertThat(broken.firstMismatch().position()).isEqualTo(victim);
            assertThat(lastRecorded()).startsWith("broken at " + victim + ": ");
        } finally {
            superuser(flip);
        }
    }

    @Test
    void theDailyVerificationHasAThreadOfItsOwnSoLinkingGoesOn() {
        // Spring's default scheduler has one thread: a verification of minutes would stop the linker for as long
        assertThat(taskScheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isGreaterThanOrEqualTo(4);
    }

    /**
     * The gauges behind the verification alerts read the last whole verification: a check of a range neither makes
     * the overdue alert think the chain was verified, nor clears the failure alert while the chain is broken. A
     * range that finds a break raises it, though.
     */
    @Test
    void theVerificationMetricsFollowTheLastWholeVerificationAndEveryBreakFoundSince() throws Exception {
        String relationship = openRelationship("Metered Check BV");
        long victim = logContact(relationship);
        awaitChainedUpTo(victim);
        assertThat(http().get(CARL, "/chain/verification").json().get("ok").asBoolean()).isTrue();
        String[] whole = metricsRow();
        assertThat(whole[2]).isEqualTo("t");

        Thread.sleep(20);
        assertThat(http().get(CARL, "/chain/verification?from=1&to=" + victim).json().get("ok").asBoolean()).isTrue();
        assertThat(metricsRow()).as("a range is not a whole verification").containsExactly(whole);

        String flip = "UPDATE event_store.domain_event_entry SET payload = set_byte(payload, 3, get_byte(payload, 3) # 1) "
                + "WHERE global_index = " + victim;
        superuser(flip);
        try {
            assertThat(http().get(CARL, "/chain/verification?from=" + victim + "&to=" + victim).json().get("ok")
                    .asBoolean()).isFalse();
            assertThat(metricsRow()).as("a break a range found").containsExactly(whole[0], whole[1], "f");
            assertThat(http().get(CARL, "/chain/verification?from=1&to=" + (victim - 1)).json().get("ok")
                    .asBoolean()).isTrue();
            assertThat(metricsRow()).as("an intact range since does not clear it").containsExactly(whole[0], whole[1], "f");
        } finally {
            superuser(flip);
        }
        assertThat(http().get(CARL, "/chain/verification").json().get("ok").asBoolean()).isTrue();
        String[] again = metricsRow();
        assertThat(again[2]).as("a whole verification after the repair").isEqualTo("t");
        assertThat(again[0]).isNotEqualTo(whole[0]);
    }

    /** The row the verification gauges read: verified at, up to, intact (as PostgreSQL prints them). */
    private String[] metricsRow() throws SQLException {
        try (Connection c = superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(verificationMetricsQuery)) {
            assertThat(rs.next()).isTrue();
            String[] row = {rs.getString(1), rs.getString(2), rs.getString(3)};
            assertThat(rs.next()).isFalse();
            return row;
        }
    }

    private static String lastRecorded() throws SQLException {
        try (Connection c = superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT intact, verified_up_to, first_mismatch, problem "
                     + "FROM event_store.chain_verification ORDER BY id DESC LIMIT 1")) {
            rs.next();
            return rs.getBoolean(1) ? "intact up to " + rs.getLong(2)
                    : "broken at " + rs.getLong(3) + ": " + rs.getString(4);
        }
    }

    private static Connection superuserConnection() throws SQLException {
        return TestPostgres.superuserConnection(DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1));
    }

    private static void superuser(String statement) throws SQLException {
        try (Connection c = superuserConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TABLE event_store.domain_event_entry DISABLE TRIGGER USER");
            s.execute(statement);
            s.execute("ALTER TABLE event_store.domain_event_entry ENABLE TRIGGER USER");
            c.commit();
        }
    }

    private HttpResponse<byte[]> download(TestUsers user, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        user.sign(request);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("chain-api-test");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
