package dev.relationshipledger.deploy.bench;

import dev.relationshipledger.deploy.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's JVMS phase starts each application in a JVM of its own against the benchmark's database: both
 * serve (a contact logged on the command side is read back on the query side), each reports its own GC pauses, CPU
 * and heap, and closing stops both processes.
 */
class SeparateJvmsTest {

    @Test
    void bothApplicationsServeFromTheirOwnJvmsAndStopWhenClosed(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<Process> processes;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"), port)) {
            Map<String, String> properties = Map.of(
                    "spring.datasource.url", database.jdbcUrl(),
                    "spring.flyway.user", "postgres",
                    "spring.config.import", "classpath:ledger-demo-users.yml",
                    "server.port", "0", // as the benchmark passes it: each JVM's own port replaces it
                    "logging.level.root", "WARN");
            try (SeparateJvms apps = SeparateJvms.start(properties, List.of())) {
                processes = apps.apps().stream().map(SeparateJvms.App::process).toList();
                assertThat(processes).hasSize(2).allMatch(Process::isAlive);
                assertThat(processes.get(0).pid()).isNotEqualTo(processes.get(1).pid()).isNotEqualTo(ProcessHandle.current().pid());

                HttpResponse<String> opened = send("POST", apps.commandPort(), "/relationships", "rita", """
                        {"counterparty":{"name":"Apart Ltd","kind":"CUSTOMER","segment":"SMB"},"tier":"STANDARD"}""");
                assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
                String id = opened.body().replaceAll(".*\"aggregateId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                String position = opened.body().replaceAll(".*\"position\"\\s*:\\s*(\\d+).*", "$1");
                HttpResponse<String> status = send("GET", apps.queryPort(), "/relationships/" + id + "?atLeast=" + position,
                        "maria", null);
                assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                assertThat(status.body()).contains("Apart Ltd");

                SeparateJvms.App query = apps.apps().get(1);
                SeparateJvms.lowerPriority(query, 10);
                assertThat(niceness(query)).as("every thread of the query side").containsOnly(10);
                assertThat(niceness(apps.apps().get(0))).as("the command side's threads").containsOnly(0);

                for (SeparateJvms.App app : apps.apps()) {
                    assertThat(SeparateJvms.gcPauseSeconds(app)).as(app.name()).isGreaterThanOrEqualTo(0);
                    assertThat(SeparateJvms.cpuSeconds(app)).as(app.name()).isPositive();
                    assertThat(SeparateJvms.heapAfterGc(app)).as(app.name()).isPositive().isLessThan(512.0 * (1 << 20));
                }
            }
            assertThat(processes).noneMatch(Process::isAlive);
        }
    }

    /** The niceness of each of the application's threads (the 19th field of /proc/PID/task/TID/stat). */
    private static List<Integer> niceness(SeparateJvms.App app) throws Exception {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(app.process().pid()), "task"))) {
            return tasks.map(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
                } catch (java.io.IOException e) {
                    return null; // a thread that ended meanwhile
                }
            }).filter(java.util.Objects::nonNull).toList();
        }
    }

    private static HttpResponse<String> send(String method, int port, String path, String user, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", LedgerBenchmark.basic(user, user + "-demo"));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
