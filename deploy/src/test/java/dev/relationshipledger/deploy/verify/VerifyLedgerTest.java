package dev.relationshipledger.deploy.verify;

import dev.relationshipledger.command.CommandSideApplication;
import dev.relationshipledger.command.chain.proof.SigningKey;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command-line verifier against a ledger the command side really wrote (its own database), then against the
 * same ledger tampered with by the superuser; and against evidence packs, intact and changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyLedgerTest {

    @TempDir
    static Path directory;
    static String database;
    static ConfigurableApplicationContext commandSide;
    static LedgerHttp http;
    static Path keyFile;
    static Path publicKey;
    static Path exports;
    static String relationship;
    static List<Long> positions = new ArrayList<>();

    @BeforeAll
    static void aLedgerWithSignedCheckpoints() {
        database = TestPostgres.freshDatabase("verifier");
        keyFile = directory.resolve("keys/chain-signing-key.pem");
        SigningKey.readOrCreate(keyFile);
        publicKey = SigningKey.publicKeyFileBeside(keyFile);
        exports = directory.resolve("checkpoints");
        commandSide = CommandSideApplication.builder().registerShutdownHook(false).run(
                "--spring.datasource.url=" + database, "--spring.flyway.user=" + TestPostgres.SUPERUSER,
                "--spring.config.import=classpath:ledger-test-users.yml", "--server.port=0",
                // every 3 events, and the rest after half a second: a first checkpoint at position 4 (the linker
                // took 4 events in one pass) would otherwise leave positions 5 and 6 without one
                "--ledger.chain.link-interval=100ms", "--ledger.chain.checkpoint-every-events=3",
                "--ledger.chain.checkpoint-interval=500ms",
                "--ledger.chain.signing-key-file=" + keyFile, "--ledger.chain.checkpoint-export-dir=" + exports);
        http = new LedgerHttp(((WebServerApplicationContext) commandSide).getWebServer().getPort());
        Answer opened = http.post(TestUsers.RITA, "/relationships", "{\"counterparty\":{\"name\":\"Verified Ltd\",\"kind\":\"SUPPLIER\"}}");
        relationship = opened.text("aggregateId");
        positions.add(opened.json().get("position").asLong());
        for (int i = 0; i < 5; i++) {
            positions.add(http.post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", """
                    {"channel":"CALL","summary":"Call %d","sentiment":"NEUTRAL","occurredAt":"2026-11-02T09:00:00Z"}"""
                    .formatted(i)).json().get("position").asLong());
        }
        long last = positions.get(positions.size() - 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> latestExport() != null
                && Files.readString(latestExport()).contains("\"headPosition\" : " + last));
    }

    @AfterAll
    static void stop() {
        if (commandSide != null) {
            commandSide.close();
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyLedger.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void aCleanLedgerIsIntact() {
        Run run = verify("--db", database, "--user", TestPostgres.SUPERUSER, "--public-key", publicKey.toString(),
                "--checkpoint", latestExport().toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("ledger chain: INTACT", positions.size() + " events").doesNotContain("MISMATCH");

        Run range = verify("--db", database, "--user", "ledger_command", "--from", positions.get(2).toString());
        assertThat(range.exitCode()).as(range.out()).isZero();
        assertThat(range.out()).contains("checked positions " + positions.get(2) + "..", "note: no trusted public key");

        Run json = verify("--db", database, "--user", TestPostgres.SUPERUSER, "--json");
        assertThat(json.out()).contains("\"ok\" : true");
    }

    @Test
    @Order(2)
    void anEvidencePackIsCheckedOfflineAndAnyChangeFailsIt() throws Exception {
        HttpRequest request = TestUsers.CARL.sign(HttpRequest.newBuilder(URI.create("http://localhost:"
                + ((WebServerApplicationContext) commandSide).getWebServer().getPort() + "/evidence/relationships/" + relationship))).build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        Path pack = directory.resolve("evidence.zip");
        Files.write(pack, response.body());

        Run run = verify("--pack", pack.toString(), "--public-key", publicKey.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("INTACT", "relationship " + relationship, positions.size() + " events proven");

        byte[] changed = response.body().clone();
        changed[changed.length / 3] ^= 0x04;
        Path tampered = directory.resolve("tampered.zip");
        Files.write(tampered, changed);
        Run broken = verify("--pack", tampered.toString(), "--public-key", publicKey.toString());
        assertThat(broken.exitCode()).isEqualTo(VerifyLedger.TAMPERED);
        assertThat(broken.out()).contains("NOT INTACT");
    }

    @Test
    @Order(2)
    void aFileThatIsNotAnEvidencePackCouldNotBeCheckedAndIsNotCalledTampered() throws Exception {
        Path problem = directory.resolve("not-found.zip");
        Files.writeString(problem, "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}");
        Path garbage = directory.resolve("garbage.zip");
        Files.writeString(garbage, "garbage\n");
        Path otherZip = directory.resolve("other.zip");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(otherZip))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("not a pack".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path empty = Files.createFile(directory.resolve("empty.zip"));
        for (Path file : List.of(problem, garbage, otherZip, empty)) {
            Run run = verify("--pack", file.toString(), "--public-key", publicKey.toString());
            assertThat(run.exitCode()).as(file + ": " + run.out() + run.err()).isEqualTo(VerifyLedger.COULD_NOT_CHECK);
            assertThat(run.err()).as(file.toString()).contains("not an evidence pack");
            assertThat(run.out() + run.err()).as(file.toString()).doesNotContain("NOT INTACT", "TAMPERED");
        }
        assertThat(verify("--pack", problem.toString()).err()).contains("not a zip archive", "Not Found");
        assertThat(verify("--pack", otherZip.toString()).err()).contains("holds no manifest.json");
    }

    @Test
    @Order(3)
    void aPublicKeyThatSignedNoStoredCheckpointIsNotCalledIntact() throws Exception {
        Path otherKeyFile = directory.resolve("other-keys/chain-signing-key.pem");
        SigningKey.readOrCreate(otherKeyFile);
        Path otherKey = SigningKey.publicKeyFileBeside(otherKeyFile);

        Run run = verify("--db", database, "--user", TestPostgres.SUPERUSER, "--public-key", otherKey.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(VerifyLedger.COULD_NOT_CHECK);
        assertThat(run.out()).contains("ledger chain: NOT VERIFIED").doesNotContain("INTACT", "TAMPERED");
        assertThat(run.err()).contains("none of the", "stored checkpoint(s) is signed by the key given");

        Run json = verify("--db", database, "--user", TestPostgres.SUPERUSER, "--public-key", otherKey.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(VerifyLedger.COULD_NOT_CHECK);
        assertThat(json.out()).as("a script reading ok").contains("\"ok\" : false", "\"verified\" : false",
                "could not check its signatures");

        Run checkpointOfAnotherKey = verify("--db", database, "--user", TestPostgres.SUPERUSER, "--public-key",
                otherKey.toString(), "--checkpoint", latestExport().toString());
        assertThat(checkpointOfAnotherKey.exitCode()).as(checkpointOfAnotherKey.out() + checkpointOfAnotherKey.err())
                .isEqualTo(VerifyLedger.COULD_NOT_CHECK);
        assertThat(checkpointOfAnotherKey.err()).contains("is signed by key");

        Run right = verify("--db", database, "--user", TestPostgres.SUPERUSER, "--public-key", publicKey.toString());
        assertThat(right.exitCode()).as(right.out() + right.err()).isZero();
    }

    @Test
    @Order(3)
    void usageErrorsExitWithTwo() {
        assertThat(verify().exitCode()).isEqualTo(VerifyLedger.USAGE);
        assertThat(verify("--db", database).exitCode()).isEqualTo(VerifyLedger.USAGE);
        assertThat(verify("--db", database, "--user", "postgres", "--checkpoint", "x.json").exitCode()).isEqualTo(VerifyLedger.USAGE);
        assertThat(verify("--pack", "a.zip", "--from", "3").exitCode()).isEqualTo(VerifyLedger.USAGE);
        assertThat(verify("--db", database, "--user", "postgres", "--from", "zero").exitCode()).isEqualTo(VerifyLedger.USAGE);
        assertThat(verify("--bogus").err()).contains("unknown argument --bogus", "usage:");
        assertThat(verify("--help").exitCode()).isZero();
        assertThat(verify("--db", "jdbc:postgresql://localhost:1/none", "--user", "x").exitCode()).isEqualTo(VerifyLedger.COULD_NOT_CHECK);
    }

    @Test
    @Order(4)
    void aTamperedLedgerExitsWithOneAndNamesThePosition() throws Exception {
        long victim = positions.get(3);
        superuser("UPDATE event_store.domain_event_entry SET meta_data = convert_to('{\"actor\":\"maria\"}', 'UTF8') "
                + "WHERE global_index = " + victim);

        Run run = verify("--db", database, "--user", TestPostgres.SUPERUSER, "--public-key", publicKey.toString());
        assertThat(run.exitCode()).isEqualTo(VerifyLedger.TAMPERED);
        assertThat(run.out()).contains("ledger chain: TAMPERED", "FIRST MISMATCH at position " + victim + ":");
    }

    private static void superuser(String statement) throws Exception {
        try (Connection c = TestPostgres.superuserConnection(database.substring(database.lastIndexOf('/') + 1));
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TABLE event_store.domain_event_entry DISABLE TRIGGER USER");
            s.execute(statement);
            s.execute("ALTER TABLE event_store.domain_event_entry ENABLE TRIGGER USER");
            c.commit();
        }
    }

    private static Path latestExport() {
        if (!Files.isDirectory(exports)) {
            return null;
        }
        try (Stream<Path> files = Files.list(exports)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .max(Comparator.comparing(f -> f.getFileName().toString())).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
