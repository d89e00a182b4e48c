package dev.relationshipledger.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relationshipledger.deploy.readmodel.RunningLedger;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated run of malformed requests against every endpoint of both applications: never a 5xx, every refusal
 * {@code application/problem+json}, and the event store exactly as it was.
 *
 * <p>The endpoints come from the OpenAPI documents the applications serve ({@code /v3/api-docs}), so a new endpoint
 * is covered without touching this test; the query side's parameter names are learnt from its own refusal of an
 * unknown parameter. Per endpoint the generator derives, from the request schema, bodies that are each broken in one
 * way (not JSON, invalid UTF-8, wrong types, unknown fields and enum values, huge strings and arrays, impossible
 * dates, missing fields), wrong content types, methods and headers, malformed path ids, and for queries injection
 * strings in filters and sort keys, page sizes of 10^6, forged cursors. Each request goes out as one of several users
 * (the permitted ones, others, anonymous, wrong password). Seeded ({@code -Dledger.fuzz.seed}, default 20261130),
 * at least {@code -Dledger.fuzz.requests} (default 10,000) requests.
 */
class MalformedRequestsTest extends RunningLedger {

    static final long SEED = Long.getLong("ledger.fuzz.seed", 20261130L);
    static final int AT_LEAST = Integer.getInteger("ledger.fuzz.requests", 10_000);
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Pattern KNOWN_PARAMETERS = Pattern.compile("known are \\[([^]]*)]");

    static final List<String> INJECTIONS = List.of("' OR '1'='1", "1; DROP TABLE event_store.domain_event_entry; --",
            "\" OR \"\"=\"", "name) UNION SELECT payload FROM event_store.domain_event_entry --", "<script>alert(1)</script>",
            "${jndi:ldap://localhost/x}", "../../../../etc/passwd", "%00", "\u0000", "counterparty_name; DELETE",
            "lower(counterparty_name)", "-- ", "' AND pg_sleep(5) --", "\\", "'", "🙂💥", "\u202e\u0301", "%s%n%x");
    static final List<String> BAD_IDS = List.of("not-a-uuid", "%27%20OR%20%271%27%3D%271", "%00", "%2F%2E%2E",
            "..", "%ZZ", "%C3%28", "%F0%9F%99%82", "a".repeat(3000), "12345", "00000000-0000-0000-0000-00000000000g",
            "%20", "null", "%0d%0aX-Injected:%201");

    /** One request to send: which side, how, as whom, and what was broken (for the report). */
    record Probe(boolean command, String method, String template, byte[] target, Map<String, String> headers,
                 byte[] body, String user, String defect) {
    }

    record Outcome(Probe probe, RawHttp.Response response) {
    }

    static String relationship;
    static String negotiation;
    static String complaint;
    final Random random = new Random(SEED);
    final AtomicInteger correlation = new AtomicInteger();

    /** 503 answers that describe the deployment's state rather than a failure: evidence packs without a key. */
    private static boolean serviceState(Outcome outcome) {
        String body = outcome.response().body();
        return outcome.response().contentType().startsWith("application/problem+json")
                && (body.contains("urn:relationship-ledger:problem:no-signing-key")
                || body.contains("urn:relationship-ledger:problem:not-yet-chained"));
    }

    @Test
    void malformedRequestsGetNo5xxOnlyProblemAnswersAndChangeNoEvent() throws Exception {
        seedTargets();
        String before = eventStoreFingerprint();

        List<Probe> probes = new ArrayList<>();
        JsonNode commandApi = commands.get(null, "/v3/api-docs").json();
        JsonNode queryApi = queries.get(null, "/v3/api-docs").json();
        int commandEndpoints = 0;
        int queryEndpoints = 0;
        while (probes.size() < AT_LEAST) {
            commandEndpoints = 0;
            queryEndpoints = 0;
            for (Iterator<Map.Entry<String, JsonNode>> paths = commandApi.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    probes.addAll(commandProbes(commandApi, path.getKey(), op.getKey().toUpperCase(), op.getValue()));
                    commandEndpoints++;
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> paths = queryApi.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    probes.addAll(queryProbes(path.getKey(), op.getKey().toUpperCase()));
                    queryEndpoints++;
                }
            }
        }

        List<Outcome> outcomes = sendAll(probes);

        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, List<String>> problems = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            Probe p = outcome.probe();
            int status = outcome.response().status();
            byStatus.merge((p.command() ? "command " : "query ") + status, 1, Integer::sum);
            String where = (p.command() ? "command " : "query ") + p.method() + " " + p.template() + " [" + p.defect() + "]";
            if (status == 503 && serviceState(outcome)) {
                // not the client's fault and not a failure: a documented state of the deployment (this test's
                // ledger has no signing key, or the event is not chained yet), answered as a problem
            } else if (status < 0 || status >= 500) {
                problems.computeIfAbsent(where + " -> " + status, k -> new ArrayList<>()).add(excerpt(outcome));
            } else if (status >= 400 && !outcome.response().contentType().startsWith("application/problem+json")) {
                problems.computeIfAbsent(where + " -> " + status + " as '" + outcome.response().contentType() + "'",
                        k -> new ArrayList<>()).add(excerpt(outcome));
            } else if (p.command() && status < 300 && p.method().equals("POST")) {
                problems.computeIfAbsent(where + " -> accepted " + status, k -> new ArrayList<>()).add(excerpt(outcome));
            }
        }
        System.out.printf("%n[fuzz] %d malformed requests (seed %d) against %d command and %d query endpoints: %s%n",
                outcomes.size(), SEED, commandEndpoints, queryEndpoints, byStatus);
        problems.forEach((k, v) -> System.out.println("[fuzz] " + v.size() + " x " + k + "  e.g. " + v.get(0)));

        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(AT_LEAST);
        assertThat(problems).as("5xx, non-problem refusals or accepted malformed commands").isEmpty();
        assertThat(eventStoreFingerprint()).as("the event store is unchanged").isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // command side

    List<Probe> commandProbes(JsonNode api, String template, String method, JsonNode operation) {
        List<Probe> probes = new ArrayList<>();
        JsonNode schema = resolve(api, operation.path("requestBody").path("content").path("application/json").path("schema"));
        boolean creates = !template.contains("{");
        ObjectNode valid = schema == null ? NODES.objectNode() : (ObjectNode) example(api, schema, 0);
        String realPath = fill(template, false);
        String unknownPath = fill(template, true);

        // not JSON at all, or broken JSON
        for (String text : List.of("{", "}", "[]", "123", "\"text\"", "{\"a\":}", "{'single':'quotes'}",
                "{\"a\":1,}", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}", "/* comment */ {}", "[".repeat(5000),
                "{\"a\":".repeat(3000), "{\"a\":\"unterminated}")) {
            probes.add(command(method, template, realPath, json(), text.getBytes(StandardCharsets.UTF_8), "broken JSON"));
        }
        // no body, a JSON null, an empty object behind a byte-order mark: a command whose fields are all optional
        // (acknowledging a complaint) takes these, so they go to an id that does not exist
        for (String text : List.of("", "null", "\ufeff{}")) {
            probes.add(command(method, template, creates ? realPath : unknownPath, json(),
                    text.getBytes(StandardCharsets.UTF_8), "no body: '" + text + "'"));
        }
        byte[] whole = bytes(valid);
        for (int cut : new int[]{1, whole.length / 3, whole.length / 2, whole.length - 1}) {
            if (cut > 0 && cut < whole.length) {
                probes.add(command(method, template, realPath, json(), java.util.Arrays.copyOf(whole, cut), "truncated JSON"));
            }
        }
        // invalid UTF-8 inside a string value, and a lone surrogate
        for (byte[] bad : List.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF, (byte) 0xFE},
                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{0x00})) {
            probes.add(command(method, template, realPath, json(), withRawString(valid, bad), "invalid UTF-8"));
        }
        // unknown fields, also ones that try to set what only the server sets
        for (String field : List.of("zzUnknown", "actor", "actorRoles", "correlationId", "version", "position")) {
            ObjectNode body = valid.deepCopy();
            body.put(field, "mallory");
            probes.add(command(method, template, realPath, json(), bytes(body), "unknown field " + field));
        }
        // each property broken in each way it can be
        mutations(api, schema, valid, "", (label, body) ->
                probes.add(command(method, template, realPath, json(), bytes(body), label)));
        // missing fields: an empty body, and each field left out (on an id that does not exist, where the rest could
        // be valid; a creation must name something)
        probes.add(command(method, template, creates ? realPath : unknownPath, json(), "{}".getBytes(StandardCharsets.UTF_8), "empty object"));
        if (!creates) {
            for (Iterator<String> names = valid.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                ObjectNode body = valid.deepCopy();
                body.remove(name);
                probes.add(command(method, template, unknownPath, json(), bytes(body), "missing " + name));
            }
        }
        // a huge body (over the 256 KB limit), announced and streamed
        ObjectNode huge = valid.deepCopy();
        huge.put("zzPadding", "x".repeat(300_000));
        probes.add(command(method, template, realPath, json(), bytes(huge), "300 KB body"));
        // wrong content types
        for (String type : new String[]{"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=zz", "application/jsonx", "*/*", "application/json; charset=x-unknown", null}) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (type != null) {
                headers.put("Content-Type", type);
            }
            probes.add(command(method, template, realPath, headers, bytes(valid), "content type " + type));
        }
        // the headers the ledger reads, malformed (with a body that is broken anyway: an unknown field)
        ObjectNode broken = valid.deepCopy();
        broken.put("zzUnknown", 1);
        for (String[] header : new String[][]{{"If-Match", "abc"}, {"If-Match", "\"-1\""}, {"If-Match", "W/\"x\""},
                {"If-Match", "\"99999999999999999999999\""}, {"Idempotency-Key", "has spaces"},
                {"Idempotency-Key", "k".repeat(101)}, {"Idempotency-Key", "'; DROP TABLE x; --"},
                {"X-Correlation-Id", "<script>"}, {"X-Correlation-Id", "c".repeat(500)}, {"Accept", "application/xml"},
                {"Accept", "text/csv"}}) {
            Map<String, String> headers = json();
            headers.put(header[0], header[1]);
            probes.add(command(method, template, realPath, headers, bytes(broken), "header " + header[0] + ": " + header[1]));
        }
        // the same headers on an otherwise fine-looking body: they are refused before anything is recorded
        for (String[] header : new String[][]{{"If-Match", "abc"}, {"If-Match", "\"1.5\""},
                {"Idempotency-Key", "has spaces"}, {"X-Correlation-Id", "<script>"}}) {
            Map<String, String> headers = json();
            headers.put(header[0], header[1]);
            probes.add(command(method, template, realPath, headers, bytes(valid), "header " + header[0] + ": " + header[1]));
        }
        // malformed ids in the path
        if (!creates) {
            for (String bad : BAD_IDS) {
                String path = template.replaceAll("\\{[^}]+}", bad);
                probes.add(command(method, template, path, json(), bytes(valid), "path id " + abbreviate(bad)));
            }
        }
        // other methods
        for (String other : new String[]{"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"}) {
            probes.add(new Probe(true, other, template, realPath.getBytes(StandardCharsets.UTF_8), json(), bytes(broken),
                    null, "method " + other));
        }
        return probes;
    }

    Probe command(String method, String template, String path, Map<String, String> headers, byte[] body, String defect) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("X-Correlation-Id", "fuzz-" + correlation.incrementAndGet());
        return new Probe(true, method, template, path.getBytes(StandardCharsets.UTF_8), all, body, null, defect);
    }

    /** Calls {@code sink} with one body per way each property (recursively) can be broken. */
    void mutations(JsonNode api, JsonNode schema, ObjectNode valid, String prefix,
                   java.util.function.BiConsumer<String, ObjectNode> sink) {
        if (schema == null || !schema.has("properties")) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = property.getKey();
            JsonNode type = resolve(api, property.getValue());
            List<JsonNode> broken = new ArrayList<>();
            String kind = type.path("type").asText("object");
            if (type.has("enum")) {
                broken.addAll(List.of(NODES.textNode("NOT_A_VALUE"), NODES.textNode(type.get("enum").get(0).asText().toLowerCase()),
                        NODES.numberNode(999), NODES.objectNode(), NODES.textNode("A".repeat(10_000))));
            } else if (kind.equals("string") && type.path("format").asText().equals("date-time")) {
                broken.addAll(List.of(NODES.textNode("2026-13-45T00:00:00Z"), NODES.textNode("yesterday"),
                        NODES.textNode("2026-01-05"), NODES.textNode("+999999999-12-31T23:59:59Z"), NODES.objectNode(), NODES.arrayNode()));
            } else if (kind.equals("string") && type.path("format").asText().equals("date")) {
                broken.addAll(List.of(NODES.textNode("2026-02-30"), NODES.textNode("31/12/2026"),
                        NODES.textNode("2026-01-05T00:00:00Z"), NODES.objectNode()));
            } else if (kind.equals("string")) {
                broken.addAll(List.of(NODES.objectNode(), NODES.arrayNode().add(1), NODES.textNode("x".repeat(100_000))));
                if (name.endsWith("Id") || name.equals("owner") || name.equals("delegate") || name.equals("newOwner")
                        || name.equals("currency")) {
                    for (int i = 0; i < 3; i++) {
                        broken.add(NODES.textNode(INJECTIONS.get(random.nextInt(INJECTIONS.size()))));
                    }
                }
            } else if (kind.equals("integer")) {
                broken.addAll(List.of(NODES.textNode("abc"), NODES.numberNode(1.5), NODES.rawValueNode(
                        new com.fasterxml.jackson.databind.util.RawValue("99999999999999999999999")), NODES.objectNode()));
            } else if (kind.equals("number")) {
                broken.addAll(List.of(NODES.textNode("abc"), NODES.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue("1e400")),
                        NODES.objectNode(), NODES.arrayNode()));
            } else if (kind.equals("array")) {
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i < 20_000; i++) {
                    many.add("x");
                }
                ArrayNode nested = NODES.arrayNode();
                nested.addArray().addArray().add(1);
                broken.addAll(List.of(NODES.textNode("x"), NODES.objectNode(), many, nested));
            } else {
                broken.addAll(List.of(NODES.textNode("x"), NODES.numberNode(1), NODES.arrayNode()));
                if (valid.get(name) instanceof ObjectNode inner) {
                    mutations(api, type, inner, prefix + name + ".", (label, innerBody) -> {
                        ObjectNode body = valid.deepCopy();
                        body.set(name, innerBody);
                        sink.accept(label, body);
                    });
                }
            }
            for (JsonNode value : broken) {
                ObjectNode body = valid.deepCopy();
                body.set(name, value);
                sink.accept(prefix + name + " = " + abbreviate(value.toString()), body);
            }
        }
    }

    /** A body that looks right for the schema (never sent as it is: every probe breaks something). */
    JsonNode example(JsonNode api, JsonNode schema, int depth) {
        JsonNode type = resolve(api, schema);
        if (type.has("enum")) {
            return NODES.textNode(type.get("enum").get(0).asText());
        }
        switch (type.path("type").asText("object")) {
            case "string" -> {
                return switch (type.path("format").asText()) {
                    case "date-time" -> NODES.textNode("2026-01-05T10:00:00Z");
                    case "date" -> NODES.textNode("2027-01-01");
                    default -> NODES.textNode("text");
                };
            }
            case "integer" -> {
                return NODES.numberNode(12);
            }
            case "number" -> {
                return NODES.numberNode(10.5);
            }
            case "array" -> {
                return NODES.arrayNode().add(example(api, type.get("items"), depth + 1));
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                if (type.has("properties") && depth < 5) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = type.get("properties").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = it.next();
                        object.set(property.getKey(), idOrExample(api, property.getKey(), property.getValue(), depth));
                    }
                }
                return object;
            }
        }
    }

    JsonNode idOrExample(JsonNode api, String name, JsonNode schema, int depth) {
        return switch (name) {
            case "relationshipId" -> NODES.textNode(relationship);
            case "negotiationId" -> NODES.textNode(negotiation);
            case "owner", "newOwner", "delegate" -> NODES.textNode("ralf");
            case "currency" -> NODES.textNode("EUR");
            default -> name.endsWith("Id") ? NODES.textNode(uuid().toString()) : example(api, schema, depth + 1);
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // query side

    List<Probe> queryProbes(String template, String method) {
        List<Probe> probes = new ArrayList<>();
        String path = fill(template, false);
        List<String> known = knownParameters(path);
        for (String parameter : known) {
            List<String> values = new ArrayList<>(INJECTIONS);
            values.addAll(List.of("1000000", "-1", "0", "99999999999999999999", "1e309", "abc", "", " ", "NOT_A_VALUE",
                    "2026-13-45T00:00:00Z", "x".repeat(5_000), "-", "--counterpartyName", "counterpartyName desc",
                    "status:", "reputation-below:abc", "event:" + "A".repeat(70), "status:NOT_A_STATUS",
                    Base64.getUrlEncoder().encodeToString("counterpartyName\u001f'; DROP\u001fx".getBytes(StandardCharsets.UTF_8)),
                    Base64.getUrlEncoder().encodeToString(new byte[]{(byte) 0xC3, 0x28, 0x1f, 0x1f}), "%%%", "\u0000"));
            for (String value : values) {
                if (parameter.equals("atLeast") && value.matches("\\d{7,}")) {
                    continue; // a position far ahead is waited for (read-your-writes), not malformed; see below
                }
                probes.add(query(method, template, path + "?" + parameter + "=" + encode(value), parameter + "=" + abbreviate(value)));
            }
            probes.add(query(method, template, path + "?" + parameter + "=%ZZ", parameter + " malformed escape"));
            probes.add(query(method, template, path + "?" + parameter + "=%C3%28", parameter + " invalid UTF-8"));
            probes.add(query(method, template, path + "?" + parameter + "=1&" + parameter + "=2", parameter + " twice"));
        }
        for (String unknown : List.of("zz", "' OR 1=1 --", "a[b]", "limit%00", "LIMIT", "sort ")) {
            probes.add(query(method, template, path + "?" + encode(unknown) + "=1", "unknown parameter " + unknown));
        }
        if (template.contains("{")) {
            for (String bad : BAD_IDS) {
                probes.add(query(method, template, template.replaceAll("\\{[^}]+}", bad), "path id " + abbreviate(bad)));
            }
            probes.add(query(method, template, fill(template, true), "unknown id"));
        }
        for (String other : new String[]{"POST", "PUT", "DELETE", "PATCH", "TRACE"}) {
            probes.add(new Probe(false, other, template, path.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), null, "method " + other));
        }
        for (String accept : List.of("application/xml", "text/html", "image/png")) {
            probes.add(new Probe(false, method, template, (path + "?zz=1").getBytes(StandardCharsets.UTF_8),
                    Map.of("Accept", accept), null, null, "Accept " + accept + " on a refused query"));
        }
        return probes;
    }

    Probe query(String method, String template, String target, String defect) {
        return new Probe(false, method, template, target.getBytes(StandardCharsets.UTF_8), Map.of(), null, null, defect);
    }

    /** The query side names its parameters when it refuses an unknown one. */
    List<String> knownParameters(String path) {
        Answer answer = queries.get(TestUsers.MARIA, path + "?zzUnknownParameter=1");
        Matcher matcher = KNOWN_PARAMETERS.matcher(answer.body());
        if (!matcher.find()) {
            return List.of();
        }
        return java.util.Arrays.stream(matcher.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // sending

    List<Outcome> sendAll(List<Probe> probes) throws Exception {
        String[] commandUsers = {"rita", "maria", "rita", "maria", "ralf", "carl", "bianca", "adam", "", "wrong"};
        String[] queryUsers = {"maria", "carl", "rita", "bianca", "ralf", "adam", "", "wrong"};
        List<Probe> assigned = new ArrayList<>();
        for (Probe p : probes) {
            String[] users = p.command() ? commandUsers : queryUsers;
            assigned.add(new Probe(p.command(), p.method(), p.template(), p.target(), p.headers(), p.body(),
                    users[random.nextInt(users.length)], p.defect()));
        }
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < assigned.size(); i = next.getAndIncrement()) {
                    Probe p = assigned.get(i);
                    Map<String, String> headers = new LinkedHashMap<>(p.headers());
                    if (p.user().equals("wrong")) {
                        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString("rita:nope".getBytes()));
                    } else if (!p.user().isEmpty()) {
                        headers.put("Authorization", TestUsers.valueOf(p.user().toUpperCase()).basicAuth());
                    }
                    RawHttp.Response response;
                    try {
                        response = RawHttp.send(p.command() ? ledger.commandPort() : ledger.queryPort(), p.method(),
                                p.target(), headers, p.body());
                    } catch (Exception e) {
                        response = new RawHttp.Response(-1, Map.of(), e.toString());
                    }
                    outcomes.add(new Outcome(p, response));
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return new ArrayList<>(outcomes);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    static void seedTargets() {
        if (relationship != null) {
            return;
        }
        relationship = openRelationship("Fuzz Target Ltd", "CUSTOMER");
        negotiation = accepted(commands.post(TestUsers.RITA, "/negotiations", "{\"relationshipId\":\"" + relationship
                + "\",\"subject\":\"fuzz\",\"mandate\":{\"priceFloor\":{\"amount\":100,\"currency\":\"EUR\"},"
                + "\"maxDiscountPercent\":10,\"minDurationMonths\":12,\"maxDurationMonths\":36,\"approvers\":[\"maria\"]}}"))
                .text("aggregateId");
        Answer filed = accepted(commands.post(TestUsers.RITA, "/complaints", "{\"relationshipId\":\"" + relationship
                + "\",\"category\":\"DELIVERY\",\"severity\":\"HIGH\",\"description\":\"late\",\"receivedAt\":\"2026-01-20T09:30:00Z\"}"));
        complaint = filed.text("aggregateId");
        readAfter(filed, TestUsers.MARIA, "/relationships/" + relationship);
    }

    String fill(String template, boolean unknownIds) {
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = unknownIds ? uuid().toString() : switch (m.group(1)) {
                case "relationshipId" -> relationship;
                case "negotiationId" -> negotiation;
                case "complaintId" -> complaint;
                case "delegate" -> "ralf";
                default -> uuid().toString();
            };
            m.appendReplacement(out, id);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A random id from the seeded generator, so that a run can be repeated exactly. */
    UUID uuid() {
        return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L, random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
    }

    static JsonNode resolve(JsonNode api, JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            return null;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return api.get("components").get("schemas").get(name);
        }
        return schema;
    }

    static Map<String, String> json() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body with its first string value replaced by the given raw bytes (no escaping). */
    static byte[] withRawString(ObjectNode valid, byte[] raw) {
        ObjectNode body = valid.deepCopy();
        body.put("zzMarker", "@@RAW@@");
        String text = new String(bytes(body), StandardCharsets.UTF_8);
        int at = text.indexOf("@@RAW@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(text.substring(at + "@@RAW@@".length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "...(" + text.length() + ")" : text;
    }

    static String excerpt(Outcome outcome) {
        String target = new String(outcome.probe().target(), StandardCharsets.UTF_8);
        return outcome.probe().user() + " " + abbreviate(target) + " -> " + abbreviate(outcome.response().body().replaceAll("\\s+", " "));
    }

    static String eventStoreFingerprint() throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT count(*) || ' events, last ' || coalesce(max(global_index), 0) || ', md5 '
                       || coalesce(md5(string_agg(event_identifier || encode(payload, 'hex'), ',' ORDER BY global_index)), '')
                FROM event_store.domain_event_entry""")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
