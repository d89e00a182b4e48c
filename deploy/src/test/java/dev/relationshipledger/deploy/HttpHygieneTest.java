package dev.relationshipledger.deploy;

import dev.relationshipledger.deploy.readmodel.RunningLedger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP hygiene on both sides: actuator endpoints other than health and prometheus are for administrators only,
 * every response carries the security headers, and CORS is closed unless origins are configured.
 */
class HttpHygieneTest extends RunningLedger {

    List<LedgerHttp> bothSides() {
        return List.of(commands, queries);
    }

    @Test
    void actuatorEndpointsOtherThanHealthAndPrometheusNeedAnAdministrator() {
        for (LedgerHttp side : bothSides()) {
            assertThat(side.get(null, "/actuator/health").status()).isEqualTo(200);
            assertThat(side.get(null, "/actuator/prometheus").status()).isEqualTo(200);
            for (String path : List.of("/actuator/metrics", "/actuator/info", "/actuator")) {
                assertThat(side.get(null, path).status()).as(path).isEqualTo(401);
                assertThat(side.get(CARL, path).status()).as(path).isEqualTo(403);
                assertThat(side.get(RITA, path).status()).as(path).isEqualTo(403);
                assertThat(side.get(ADAM, path).status()).as(path).isEqualTo(200);
            }
            // Endpoints that are not exposed stay unreachable even for administrators.
            assertThat(side.get(ADAM, "/actuator/env").status()).isEqualTo(404);
            assertThat(side.get(ADAM, "/actuator/heapdump").status()).isEqualTo(404);
        }
    }

    /** A parameter given twice was answered for its first value alone: an export missing what was asked for. */
    @Test
    void aQueryParameterGivenTwiceIs400OnBothSides() {
        for (String path : List.of("/audit?type=ContactLogged&type=ComplaintFiled",
                "/audit/export.csv?type=ContactLogged&type=ComplaintFiled", "/relationships?status=ACTIVE&status=AT_RISK",
                "/negotiations?limit=1&limit=2")) {
            assertGivenTwice(queries.get(CARL, path), path.contains("limit") ? "limit" : path.contains("status") ? "status" : "type");
        }
        assertGivenTwice(commands.get(CARL, "/chain/verification?from=1&from=2"), "from");
        // actuator endpoints have their own mappings: a scrape naming several meters still works
        for (LedgerHttp side : bothSides()) {
            assertThat(side.get(null, "/actuator/prometheus?includedNames=jvm_threads_live_threads"
                    + "&includedNames=process_uptime_seconds").status()).isEqualTo(200);
        }
    }

    private static void assertGivenTwice(Answer answer, String parameter) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"field\":\"" + parameter + "\"").contains("give it once");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (LedgerHttp side : bothSides()) {
            for (Answer answer : List.of(side.get(null, "/actuator/health"), side.get(null, "/relationships"),
                    side.get(RITA, "/no-such-thing"), side.get(CARL, "/actuator/metrics"),
                    side.post(RITA, "/relationships", "{"))) {
                var headers = answer.raw().headers();
                String where = answer.raw().request().method() + " " + answer.raw().uri() + " -> " + answer.status();
                assertThat(headers.firstValue("X-Content-Type-Options")).as(where).hasValue("nosniff");
                assertThat(headers.firstValue("X-Frame-Options")).as(where).hasValue("DENY");
                assertThat(headers.firstValue("Cache-Control").orElse("")).as(where).contains("no-store");
                assertThat(headers.firstValue("Content-Security-Policy")).as(where)
                        .hasValue("default-src 'none'; frame-ancestors 'none'");
                assertThat(headers.firstValue("Referrer-Policy")).as(where).hasValue("no-referrer");
            }
        }
    }

    @Test
    void aCrossOriginPreflightIsRefusedWhenNoOriginIsConfigured() {
        for (LedgerHttp side : bothSides()) {
            int port = side == commands ? ledger.commandPort() : ledger.queryPort();
            HttpResponse<String> preflight = send(side, HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/relationships"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type"));
            assertThat(preflight.statusCode()).isEqualTo(403);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            HttpResponse<String> simple = send(side, RITA.sign(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/actuator/health")).header("Origin", "https://evil.example").GET()));
            assertThat(simple.statusCode()).isEqualTo(403);
            assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    private static HttpResponse<String> send(LedgerHttp side, HttpRequest.Builder request) {
        return side.send(request.timeout(Duration.ofSeconds(10)).build()).raw();
    }
}
