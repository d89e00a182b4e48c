package dev.relationshipledger.deploy.web;

import dev.relationshipledger.deploy.readmodel.RunningLedger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line between the stateless API and the web workspace's session, over plain HTTP (no browser needed, so it runs
 * wherever the tests do): the API takes HTTP Basic and sets no cookie, the workspace's API takes only its session,
 * and a login needs the CSRF token.
 */
class UiSessionBoundaryTest extends RunningLedger {

    @Test
    void theApiChainIsUnchangedAndTheUiApiNeedsTheSession() {
        LedgerHttp http = queries;
        assertThat(http.get(null, "/relationships").status()).isEqualTo(401);
        Answer basic = http.get(MARIA, "/relationships");
        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.raw().headers().firstValue("Set-Cookie")).as("the API stays stateless").isEmpty();
        assertThat(http.get(null, "/ui/api/relationships").status()).isEqualTo(401);
        assertThat(http.get(MARIA, "/ui/api/relationships").status()).as("no HTTP Basic on the UI chain").isEqualTo(401);
        Answer page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledger.queryPort()
                + "/ui/index.html")).GET().build());
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.raw().headers().firstValue("Location").orElseThrow()).endsWith("/ui/login");
        Answer login = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledger.queryPort() + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=maria&password=maria-pw")).build());
        assertThat(login.status()).as("a login without the CSRF token is refused").isEqualTo(403);
    }
}
