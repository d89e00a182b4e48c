package dev.relationshipledger.deploy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.deploy.readmodel.RunningLedger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of both applications (read from the OpenAPI documents they serve, so a new endpoint without a
 * policy fails this test) × every role × an object the caller owns (rita's) or not (ralf is another relationship
 * manager): no caller outside an endpoint's policy ever gets a 2xx. Requests carry valid bodies, so a refusal is
 * the authorization's doing, not the validation's; unauthorized callers go first, while the command would still be
 * accepted for an authorized one.
 */
class AuthorizationMatrixTest extends RunningLedger {

    static final Set<TestUsers> EVERYONE = EnumSet.allOf(TestUsers.class);
    static final Map<String, String> ids = new LinkedHashMap<>();
    static final String TERMS = "{\"price\":{\"amount\":100,\"currency\":\"EUR\"},\"quantity\":10,\"durationMonths\":12}";

    @BeforeAll
    static void objectsOfRita() {
        String relationship = openRelationship("Matrix Owned", "CUSTOMER");
        ids.put("relationshipId", relationship);
        ids.put("id", relationship);
        String contact = UUID.randomUUID().toString();
        accepted(commands.post(RITA, "/relationships/" + relationship + "/contacts",
                "{\"contactId\":\"" + contact + "\",\"channel\":\"CALL\",\"summary\":\"s\",\"occurredAt\":\"2026-01-02T10:00:00Z\"}"));
        ids.put("contactId", contact);
        String person = UUID.randomUUID().toString();
        accepted(commands.post(RITA, "/relationships/" + relationship + "/people", "{\"personId\":\"" + person + "\",\"name\":\"P\"}"));
        ids.put("personId", person);
        ids.put("delegate", "ralf-not-yet");
        ids.put("complaintId", accepted(commands.post(RITA, "/complaints", "{\"relationshipId\":\"" + relationship
                + "\",\"category\":\"DELIVERY\",\"severity\":\"LOW\",\"description\":\"d\",\"receivedAt\":\"2026-01-03T10:00:00Z\"}"))
                .text("aggregateId"));
        String negotiation = accepted(commands.post(RITA, "/negotiations", "{\"relationshipId\":\"" + relationship
                + "\",\"subject\":\"s\",\"mandate\":{\"maxDiscountPercent\":10,\"approvers\":[\"maria\"]}}")).text("aggregateId");
        ids.put("negotiationId", negotiation);
        String proposal = UUID.randomUUID().toString();
        accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals",
                "{\"proposalId\":\"" + proposal + "\",\"side\":\"THEIRS\",\"terms\":" + TERMS + "}"));
        ids.put("proposalId", proposal);
        String approval = UUID.randomUUID().toString();
        accepted(commands.post(RITA, "/negotiations/" + negotiation + "/approvals", "{\"approvalId\":\"" + approval
                + "\",\"terms\":{\"price\":{\"amount\":100,\"currency\":\"EUR\"},\"discountPercent\":20},\"justification\":\"j\"}"));
        ids.put("approvalId", approval);
        Answer contract = accepted(commands.post(RITA, "/contracts", "{\"relationshipId\":\"" + relationship
                + "\",\"title\":\"t\",\"startsOn\":\"2026-01-01\",\"endsOn\":\"2030-12-31\",\"terms\":" + TERMS + "}"));
        ids.put("contractId", contract.text("aggregateId"));
        ids.put("group", "relationship-status");
        ids.put("projection", "relationship-status");
        ids.put("sequenceId", relationship);
        readAfter(contract, MARIA, "/relationships/" + relationship);
    }

    /** Who may get a 2xx, by method and path template. */
    static Set<TestUsers> policy(String side, String method, String path) {
        if (side.equals("command")) {
            if (method.equals("GET") && path.startsWith("/chain")) {
                return Set.of(CARL, ADAM);
            }
            if (method.equals("GET") && path.startsWith("/evidence")) {
                return Set.of(CARL, MARIA);
            }
            if (path.endsWith("/reassign-owner")) {
                return Set.of(MARIA, ADAM);
            }
            if (path.endsWith("/people/{personId}/erase") || path.endsWith("/contacts/{contactId}/erase")
                    || path.equals("/complaints/{complaintId}/erase")) {
                return Set.of(CARL); // the data-protection function (decisions 0019, 0021, 0022)
            }
            if (path.endsWith("/approvals/{approvalId}/grant") || path.endsWith("/approvals/{approvalId}/deny")) {
                return Set.of(MARIA); // the mandate's approver, never the requester
            }
            if (method.equals("POST")) {
                return Set.of(RITA, MARIA); // the owner, or a manager
            }
        } else {
            if (path.startsWith("/admin")) {
                return Set.of(ADAM);
            }
            if (path.startsWith("/audit")) {
                return EVERYONE; // a relationship manager's answer holds only their relationships (AuditTrailTest)
            }
            if (path.endsWith("/history")) {
                return Set.of(RITA, MARIA, CARL, BIANCA, ADAM); // rita owns the relationship and its negotiation
            }
            if (path.matches("/relationships/\\{relationshipId}/(as-of|steps|turning-point|compare)")) {
                return Set.of(RITA, MARIA, CARL, ADAM);
            }
            if (path.equals("/negotiations/{negotiationId}")) {
                return Set.of(RITA, MARIA, CARL, BIANCA, ADAM);
            }
            if (method.equals("GET") && (path.startsWith("/relationships") || path.startsWith("/negotiations")
                    || path.startsWith("/portfolio"))) {
                return EVERYONE; // projections: everyone authenticated reads them
            }
        }
        throw new AssertionError("no authorization policy for " + side + " " + method + " " + path
                + ": add one to AuthorizationMatrixTest");
    }

    static String body(String path) {
        String today = "2026-02-01T10:00:00Z";
        Map<String, String> bodies = Map.ofEntries(
                Map.entry("/relationships", "{\"counterparty\":{\"name\":\"M\",\"kind\":\"CUSTOMER\"},\"owner\":\"rita\"}"),
                Map.entry("/relationships/{relationshipId}/change-tier", "{\"tier\":\"STRATEGIC\",\"reason\":\"r\"}"),
                Map.entry("/relationships/{relationshipId}/contacts", "{\"channel\":\"CALL\",\"summary\":\"s\",\"occurredAt\":\"" + today + "\"}"),
                Map.entry("/relationships/{relationshipId}/contacts/{contactId}/corrections", "{\"correctedSummary\":\"c\",\"reason\":\"r\"}"),
                Map.entry("/relationships/{relationshipId}/delegates", "{\"delegate\":\"ralf\"}"),
                Map.entry("/relationships/{relationshipId}/people", "{\"name\":\"Q\"}"),
                Map.entry("/relationships/{relationshipId}/reassign-owner", "{\"newOwner\":\"ralf\",\"reason\":\"r\"}"),
                Map.entry("/complaints", "{\"relationshipId\":\"" + ids.get("relationshipId") + "\",\"category\":\"DELIVERY\","
                        + "\"severity\":\"LOW\",\"description\":\"d\",\"receivedAt\":\"" + today + "\"}"),
                Map.entry("/complaints/{complaintId}/acknowledge", "{}"),
                Map.entry("/complaints/{complaintId}/corrections", "{\"severity\":\"MEDIUM\",\"reason\":\"r\"}"),
                Map.entry("/complaints/{complaintId}/escalate", "{\"escalatedTo\":\"maria\",\"reason\":\"r\"}"),
                Map.entry("/complaints/{complaintId}/resolve", "{\"resolution\":\"r\"}"),
                Map.entry("/contracts", "{\"relationshipId\":\"" + ids.get("relationshipId") + "\",\"title\":\"t\","
                        + "\"startsOn\":\"2026-01-01\",\"endsOn\":\"2031-12-31\",\"terms\":" + TERMS + "}"),
                Map.entry("/contracts/{contractId}/amend", "{\"terms\":{\"price\":{\"amount\":90,\"currency\":\"EUR\"}},\"reason\":\"r\"}"),
                Map.entry("/contracts/{contractId}/renew", "{\"newEndsOn\":\"2032-12-31\"}"),
                Map.entry("/contracts/{contractId}/terminate", "{\"reason\":\"r\",\"effectiveOn\":\"2026-06-01\"}"),
                Map.entry("/negotiations", "{\"relationshipId\":\"" + ids.get("relationshipId") + "\",\"subject\":\"s2\","
                        + "\"mandate\":{\"maxDiscountPercent\":10,\"approvers\":[\"maria\"]}}"),
                Map.entry("/negotiations/{negotiationId}/approvals", "{\"terms\":{\"price\":{\"amount\":1,\"currency\":\"EUR\"},"
                        + "\"discountPercent\":30},\"justification\":\"j\"}"),
                Map.entry("/negotiations/{negotiationId}/approvals/{approvalId}/grant", "{}"),
                Map.entry("/negotiations/{negotiationId}/approvals/{approvalId}/deny", "{\"reason\":\"r\"}"),
                Map.entry("/negotiations/{negotiationId}/conclude", "{\"outcome\":\"LOST\",\"reason\":\"r\"}"),
                Map.entry("/negotiations/{negotiationId}/proposals", "{\"side\":\"THEIRS\",\"terms\":" + TERMS + "}"),
                Map.entry("/negotiations/{negotiationId}/proposals/{proposalId}/corrections",
                        "{\"correctedTerms\":{\"price\":{\"amount\":99,\"currency\":\"EUR\"},\"quantity\":10,\"durationMonths\":12},\"reason\":\"r\"}"));
        return bodies.getOrDefault(path, "{\"reason\":\"r\"}");
    }

    static String query(String path) {
        return switch (path) {
            case "/relationships/{relationshipId}/as-of" -> "?at=" + Instant.now();
            case "/relationships/{relationshipId}/turning-point" -> "?condition=event:ContactLogged";
            case "/relationships/{relationshipId}/compare" -> "?from=2026-01-01T00:00:00Z&to=" + Instant.now();
            default -> "";
        };
    }

    @Test
    void noCallerOutsideAnEndpointsPolicyEverGetsA2xx() {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (String side : List.of("command", "query")) {
            LedgerHttp http = side.equals("command") ? commands : queries;
            JsonNode paths = http.get(null, "/v3/api-docs").json().get("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String template = entry.getKey();
                if (template.startsWith("/ui")) {
                    continue; // the web workspace's pages and its mirror of the read API are tested in deploy/web
                }
                for (Iterator<String> methods = entry.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase();
                    Set<TestUsers> allowed = policy(side, method, template);
                    String path = fill(template) + query(template);
                    List<TestUsers> order = new ArrayList<>(EVERYONE.stream().filter(u -> !allowed.contains(u)).toList());
                    for (TestUsers user : order) {
                        Answer answer = call(http, side, method, path, body(template), user);
                        checked++;
                        if (answer.status() >= 200 && answer.status() < 300) {
                            violations.add(user + " got " + answer.status() + " on " + side + " " + method + " " + path);
                        }
                    }
                    Answer anonymous = call(http, side, method, path, body(template), null);
                    if (anonymous.status() != 401) {
                        violations.add("anonymous got " + anonymous.status() + " on " + side + " " + method + " " + path);
                    }
                }
            }
        }
        assertThat(violations).as(checked + " unauthorized calls checked").isEmpty();
        assertThat(checked).isGreaterThan(150);
    }

    static Answer call(LedgerHttp http, String side, String method, String path, String body, TestUsers user) {
        int port = side.equals("command") ? ledger.commandPort() : ledger.queryPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            user.sign(request);
        }
        return http.send(request.build());
    }

    static String fill(String template) {
        String path = template;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            path = path.replace("{" + id.getKey() + "}", id.getValue());
        }
        if (path.contains("{")) {
            throw new AssertionError("no fixture for a path variable in " + template);
        }
        return path;
    }
}
