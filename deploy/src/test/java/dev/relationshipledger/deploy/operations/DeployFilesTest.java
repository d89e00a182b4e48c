package dev.relationshipledger.deploy.operations;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment descriptors under deploy/ are read by tools we cannot run here (Docker, Kubernetes, Prometheus,
 * Grafana), so they are checked as files: every YAML and JSON file parses, and what they refer to exists.
 */
class DeployFilesTest {

    @Test
    void everyYamlAndJsonFileUnderDeployParses() {
        List<Path> yaml = DeployFiles.files(".yml", ".yaml");
        List<Path> json = DeployFiles.files(".json");
        assertThat(yaml).hasSizeGreaterThanOrEqualTo(10);
        assertThat(json).isNotEmpty();
        for (Path file : yaml) {
            assertThat(DeployFiles.yaml(file)).as(file.toString()).isNotEmpty().doesNotContainNull();
        }
        json.forEach(DeployFiles::json);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsPostgres15TheCommandSideTwoQueryReplicasPrometheusAndGrafana() {
        Map<String, Object> compose = (Map<String, Object>) DeployFiles.yaml(
                DeployFiles.DEPLOY.resolve("compose/docker-compose.yml")).get(0);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("postgres", "command-side", "query-side-1", "query-side-2",
                "prometheus", "grafana");
        assertThat(services.get("postgres").get("image")).isEqualTo("postgres:15");
        assertThat(services.get("query-side-2").get("image")).isEqualTo(services.get("query-side-1").get("image"));
        assertThat((List<String>) services.get("query-side-2").get("ports")).containsExactly("8083:8082");
        for (String side : List.of("command-side", "query-side-1", "query-side-2")) {
            Map<String, Object> build = (Map<String, Object>) services.get(side).get("build");
            Path dockerfile = DeployFiles.DEPLOY.resolve("compose").resolve((String) build.get("context"))
                    .resolve((String) build.get("dockerfile")).normalize();
            assertThat(dockerfile).as(side).exists();
            assertThat(services.get(side).get("healthcheck")).as(side).isNotNull();
        }
        // on one host the write path has the larger CPU weight (docs/measurements.md, sixth round)
        assertThat((Integer) services.get("query-side-1").get("cpu_shares"))
                .isLessThan((Integer) services.get("command-side").get("cpu_shares"));
        assertThat(services.get("query-side-2").get("cpu_shares")).isEqualTo(services.get("query-side-1").get("cpu_shares"));
        // the mounts point at files of this repository
        for (String mounted : List.of("../prometheus/prometheus.yml", "../prometheus/alerts.yml",
                "../grafana/provisioning", "../grafana/dashboards", "./users.example.yml")) {
            assertThat(DeployFiles.DEPLOY.resolve("compose").resolve(mounted).normalize()).exists();
        }
    }

    @Test
    void theDockerfilesCopyTheExecutableJarsTheBuildProduces() throws IOException {
        Pattern copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+");
        for (Path dockerfile : DeployFiles.files(".Dockerfile")) {
            Matcher m = copy.matcher(Files.readString(dockerfile));
            assertThat(m.find()).as(dockerfile.toString()).isTrue();
            String jar = m.group(1);
            assertThat(jar).matches("(command|query)-side/target/(command|query)-side-0\\.1\\.0-exec\\.jar");
            // built by the reactor before this module's tests run
            assertThat(DeployFiles.REPOSITORY.resolve(jar)).as(jar).exists();
        }
        assertThat(DeployFiles.files(".Dockerfile")).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesDeploymentsProbeTheHealthGroupsAndTheQuerySideScales() {
        Path base = DeployFiles.DEPLOY.resolve("k8s/base");
        Map<String, Object> kustomization = (Map<String, Object>) DeployFiles.yaml(base.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String resource : (List<String>) kustomization.get("resources")) {
            assertThat(base.resolve(resource)).exists();
            DeployFiles.yaml(base.resolve(resource)).forEach(d -> documents.add((Map<String, Object>) d));
        }
        List<String> kinds = documents.stream().map(d -> d.get("kind") + "/" + name(d)).toList();
        assertThat(kinds).contains("Deployment/command-side", "Deployment/query-side", "Service/command-side",
                "Service/query-side", "PodDisruptionBudget/command-side", "PodDisruptionBudget/query-side",
                "HorizontalPodAutoscaler/query-side", "ConfigMap/ledger-config");
        for (Map<String, Object> deployment : documents.stream().filter(d -> "Deployment".equals(d.get("kind"))).toList()) {
            Map<String, Object> container = (Map<String, Object>) ((List<Object>) at(deployment,
                    "spec", "template", "spec", "containers")).get(0);
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(container.get("envFrom").toString()).contains("ledger-config", "ledger-db");
        }
        // the secrets the deployments use are in the template, which is deliberately not applied by the base
        List<String> secrets = DeployFiles.yaml(base.resolve("secret.template.yaml")).stream()
                .map(d -> name((Map<String, Object>) d)).toList();
        assertThat(secrets).containsExactlyInAnyOrder("ledger-db", "ledger-users", "ledger-chain-key");
        assertThat((List<String>) kustomization.get("resources")).doesNotContain("secret.template.yaml");
    }

    /**
     * A real deployment signs its checkpoints (README, "Verifying the ledger"): without a key evidence packs are
     * refused. Compose and Kubernetes give the command side a key file and a directory for the signed checkpoints,
     * on mounts that exist (the root file system is read-only in Kubernetes).
     */
    @Test
    @SuppressWarnings("unchecked")
    void composeAndKubernetesSignCheckpointsWithAMountedKey() {
        Map<String, Object> compose = (Map<String, Object>) DeployFiles.yaml(
                DeployFiles.DEPLOY.resolve("compose/docker-compose.yml")).get(0);
        Map<String, Object> commandSide = ((Map<String, Map<String, Object>>) compose.get("services")).get("command-side");
        Map<String, Object> environment = (Map<String, Object>) commandSide.get("environment");
        String volumes = commandSide.get("volumes").toString();
        assertThat(volumes).contains(":" + environment.get("LEDGER_CHAIN_SIGNING_KEY_FILE") + ":ro")
                .contains(":" + environment.get("LEDGER_CHAIN_CHECKPOINT_DIR"));

        Map<String, Object> deployment = DeployFiles.yaml(DeployFiles.DEPLOY.resolve("k8s/base/command-side.yaml"))
                .stream().map(d -> (Map<String, Object>) d).filter(d -> "Deployment".equals(d.get("kind")))
                .findFirst().orElseThrow();
        Map<String, Object> container = (Map<String, Object>) ((List<Object>) at(deployment,
                "spec", "template", "spec", "containers")).get(0);
        Map<String, String> env = new java.util.HashMap<>();
        ((List<Map<String, String>>) container.get("env")).forEach(e -> env.put(e.get("name"), e.get("value")));
        List<String> mounts = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .map(m -> (String) m.get("mountPath")).toList();
        assertThat(Path.of(env.get("LEDGER_CHAIN_SIGNING_KEY_FILE")).getParent().toString()).isIn(mounts);
        assertThat(env.get("LEDGER_CHAIN_CHECKPOINT_DIR")).isIn(mounts);
        assertThat(at(deployment, "spec", "template", "spec", "volumes").toString()).contains("ledger-chain-key");
    }

    @Test
    void theDashboardUsesTheProvisionedDatasource() {
        for (Path dashboard : DeployFiles.files(".json")) {
            JsonNode json = DeployFiles.json(dashboard);
            assertThat(json.get("panels")).isNotEmpty();
            assertThat(json.findValues("datasource")).allSatisfy(ds -> assertThat(ds.get("uid").asText()).isEqualTo("prometheus"));
        }
        assertThat(DeployFiles.yaml(DeployFiles.DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml"))
                .get(0).toString()).contains("uid=prometheus");
    }

    @Test
    void metricNamesAreExtractedFromPromQl() {
        assertThat(DeployFiles.metricNames("sum by (outcome) (rate(ledger_commands_total{outcome=\"error\"}[5m]))"
                + " / clamp_min(sum(rate(ledger_commands_total[5m])), 1e-9) > 0.01"))
                .containsExactly("ledger_commands_total");
        assertThat(DeployFiles.metricNames("max(ledger_chain_tables_present) == 1 and (time() - "
                + "max(ledger_chain_verification_timestamp_seconds) > 26 * 3600) # a comment naming no_metric"))
                .containsExactly("ledger_chain_tables_present", "ledger_chain_verification_timestamp_seconds");
        assertThat(DeployFiles.metricNames("up{job=~\"ledger-.*\"} == 0 offset 5m")).containsExactly("up");
    }

    private static String name(Map<String, Object> document) {
        return (String) at(document, "metadata", "name");
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            assertThat(current).as(String.join(".", path)).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }
}
