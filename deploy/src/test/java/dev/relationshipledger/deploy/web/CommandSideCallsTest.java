package dev.relationshipledger.deploy.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.relationshipledger.deploy.readmodel.RunningLedger;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two command-side calls as they will work once the command side offers them: a stand-in command side
 * answers {@code GET /chain/verification} and {@code GET /evidence/negotiations/{id}} with the agreed shapes, and the
 * pages show the verdict and download the pack. The stand-in also shows that the workspace forwards the logged-in
 * user's own credentials, and that a relationship manager's verification call never leaves the query side.
 */
@EnabledIf(value = "dev.relationshipledger.deploy.web.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class CommandSideCallsTest extends RunningLedger {

    @RegisterExtension
    static final StandInCommandSide standIn = new StandInCommandSide();

    static final byte[] PACK = zip();
    static Browser browser;
    static Path downloads;
    static String negotiation;

    /** Started before the ledger (extension callbacks run before @BeforeAll), which is pointed at it. */
    static final class StandInCommandSide implements BeforeAllCallback, AfterAllCallback {
        static final String PROPERTY = "ledger.ui.command-side-url";
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** When set, the evidence call answers this problem (status, JSON) instead of the pack. */
        volatile String[] evidenceProblem;
        HttpServer server;

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/chain/verification", exchange -> {
                calls.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                answer(exchange, 200, "application/json", """
                        {"ok":false,"checkedFrom":1,"checkedTo":42,"eventsChecked":42,
                         "firstMismatch":{"position":17,"problem":"stored hash differs from the recomputed one"},
                         "chainHead":42,"checkpointsVerified":2,"unchainedTail":3,"notes":[]}"""
                        .getBytes(StandardCharsets.UTF_8), null);
            });
            server.createContext("/evidence/negotiations/", exchange -> {
                calls.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                String id = exchange.getRequestURI().getPath().substring("/evidence/negotiations/".length());
                String[] problem = evidenceProblem;
                if (problem != null) {
                    answer(exchange, Integer.parseInt(problem[0]), "application/problem+json",
                            problem[1].getBytes(StandardCharsets.UTF_8), null);
                    return;
                }
                answer(exchange, 200, "application/zip", PACK, "attachment; filename=\"evidence-negotiation-" + id + ".zip\"");
            });
            server.start();
            System.setProperty(PROPERTY, "http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void afterAll(ExtensionContext context) {
            System.clearProperty(PROPERTY);
            if (server != null) {
                server.stop(0);
            }
        }

        private static void answer(HttpExchange exchange, int status, String type, byte[] body, String disposition)
                throws IOException {
            exchange.getResponseHeaders().set("Content-Type", type);
            if (disposition != null) {
                exchange.getResponseHeaders().set("Content-Disposition", disposition);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("events.ndjson"));
            zip.write("{\"position\":1}\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    @BeforeAll
    static void seedAndStartBrowser() throws IOException {
        String relationship = openRelationship("Evidence AG", "CUSTOMER");
        negotiation = accepted(commands.post(RITA, "/negotiations", "{\"relationshipId\":\"" + relationship
                + "\",\"subject\":\"Evidence deal\",\"mandate\":{\"approvers\":[\"maria\"]}}")).text("aggregateId");
        Answer last = accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals",
                "{\"side\":\"OURS\",\"terms\":{\"price\":{\"amount\":10,\"currency\":\"EUR\"},\"quantity\":1}}"));
        readAfter(last, MARIA, "/negotiations/" + negotiation);
        downloads = Files.createTempDirectory("ledger-downloads-");
        browser = new Browser("http://localhost:" + ledger.queryPort());
        browser.downloadsTo(downloads);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (downloads != null) {
            try (var files = Files.list(downloads)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(downloads);
        }
    }

    @Test
    void theVerificationVerdictAndTheEvidencePackComeFromTheCommandSideWithTheUsersOwnCredentials() throws Exception {
        browser.logIn("carl", "carl-pw");
        browser.open("/ui/compliance.html");
        browser.find("#verify").click();
        browser.awaitState("verification", "ready");
        assertThat(browser.find("#verification-verdict").getAttribute("data-ok")).isEqualTo("false");
        assertThat(browser.find("#verification-verdict").getText())
                .contains("position 17").contains("stored hash differs from the recomputed one");
        assertThat(browser.find("#verification [data-field=eventsChecked]").getText()).isEqualTo("42");
        assertThat(browser.find("#verification [data-field=unchainedTail]").getText()).isEqualTo("3");
        assertThat(browser.find("#verification").getText()).doesNotContain("null").doesNotContain("undefined");
        browser.screenshot("compliance-verification-broken-1280");

        browser.open("/ui/negotiation.html?id=" + negotiation);
        browser.waitFor().until(ExpectedConditions.attributeToBe(By.id("main"), "data-state", "ready"));
        browser.find("#export-evidence").click();
        browser.waitFor().until(d -> "downloaded".equals(browser.find("#evidence-status").getAttribute("data-outcome")));
        Path pack = downloads.resolve("evidence-negotiation-" + negotiation + ".zip");
        browser.waitFor().until(d -> Files.exists(pack));
        assertThat(Files.readAllBytes(pack)).isEqualTo(PACK);

        assertThat(standIn.calls).containsExactly(
                "/chain/verification " + CARL.basicAuth(),
                "/evidence/negotiations/" + negotiation + " " + CARL.basicAuth());

        // the command side refuses a pack for a ledger that does not match its chain (409, with the position)
        standIn.evidenceProblem = new String[]{"409", "{\"type\":\"urn:relationship-ledger:problem:ledger-integrity\","
                + "\"title\":\"The ledger does not match its chain\",\"status\":409,"
                + "\"detail\":\"stored hash differs from the recomputed one\",\"position\":17}"};
        browser.find("#export-evidence").click();
        browser.waitFor().until(d -> "409".equals(browser.find("#evidence-status").getAttribute("data-outcome")));
        assertThat(browser.find("#evidence-status").getText()).contains("does not match its chain at position 17");
        standIn.evidenceProblem = null;
    }

    @Test
    void aRelationshipManagersVerificationCallNeverReachesTheCommandSide() {
        int before = standIn.calls.size();
        browser.logIn("rita", "rita-pw");
        browser.open("/ui/index.html");
        Object status = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/ui/api/command/chain/verification').then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
        assertThat(standIn.calls).hasSize(before);
    }
}
