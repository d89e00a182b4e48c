package dev.relationshipledger.deploy.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the descriptors under deploy/ and the PromQL inside them, for the tests of this package. */
final class DeployFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tests run in the deploy module's directory. */
    static final Path DEPLOY = Path.of("").toAbsolutePath();
    static final Path REPOSITORY = DEPLOY.getParent();
    static final Path ALERTS = DEPLOY.resolve("prometheus/alerts.yml");
    static final Path DASHBOARDS = DEPLOY.resolve("grafana/dashboards");

    private DeployFiles() {
    }

    /** Every file under deploy/ with one of the extensions, build output excluded. */
    static List<Path> files(String... extensions) {
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !DEPLOY.relativize(p).startsWith("target"))
                    .filter(p -> Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All documents of a YAML file (a Kubernetes manifest may hold several). */
    static List<Object> yaml(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            new Yaml(options).loadAll(reader).forEach(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every PromQL expression of the alert rules ({@code groups[].rules[].expr}). */
    @SuppressWarnings("unchecked")
    static List<String> alertExpressions() {
        List<String> expressions = new ArrayList<>();
        Map<String, Object> rules = (Map<String, Object>) yaml(ALERTS).get(0);
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
            }
        }
        return expressions;
    }

    /** Every PromQL expression of the dashboards (every {@code expr} field, wherever it is). */
    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (Path dashboard : files(".json")) {
            if (dashboard.startsWith(DASHBOARDS)) {
                collectExpr(json(dashboard), expressions);
            }
        }
        return expressions;
    }

    private static void collectExpr(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    into.add(field.getValue().asText());
                } else {
                    collectExpr(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectExpr(element, into));
        }
    }

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The metric names a PromQL expression selects (functions, keywords, labels and literals left out). */
    static Set<String> metricNames(String expression) {
        String promql = expression
                .replaceAll("#[^\\n]*", " ")                                   // comments
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")                   // string literals
                .replaceAll("\\{[^}]*}", " ")                                  // label matchers
                .replaceAll("\\[[^]]*]", " ")                                  // range selectors
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\S+", " ")
                .replaceAll("(?<![a-zA-Z_:])\\d+(\\.\\d+)?([eE][-+]?\\d+)?", " "); // numbers
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(promql);
        while (m.find()) {
            String token = m.group();
            String rest = promql.substring(m.end()).stripLeading();
            if (rest.startsWith("(") || KEYWORDS.contains(token.toLowerCase())) {
                continue; // a function call or an operator keyword
            }
            names.add(token);
        }
        return names;
    }
}
