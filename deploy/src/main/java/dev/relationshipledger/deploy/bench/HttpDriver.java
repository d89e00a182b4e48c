package dev.relationshipledger.deploy.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How the benchmark's load driver speaks HTTP to the two applications on localhost. The driver shares the two cores
 * (and, in the benchmark, the JVM) with the system it measures, so what it costs per request is taken from the
 * system under test; {@code --http-client} chooses the implementation so that the two can be compared.
 */
interface HttpDriver extends Closeable {

    /** A response: status and body as text. */
    record Reply(int status, String body) {
    }

    /** Sends a request and waits for its response; {@code json} is the body of a POST, or null for none. */
    Reply send(String method, int port, String path, String authorization, String json)
            throws IOException, InterruptedException;

    /** Closes the driver's connections (and threads); throws nothing. */
    @Override
    void close();

    /** {@code lean} (the default): {@link LeanHttpDriver}; {@code jdk}: {@link JdkHttpDriver}. */
    static HttpDriver named(String name) {
        return switch (name) {
            case "lean" -> new LeanHttpDriver();
            case "jdk" -> new JdkHttpDriver();
            default -> throw new IllegalArgumentException("unknown --http-client " + name + " (known: lean, jdk)");
        };
    }

    /**
     * The JDK's {@link HttpClient} (HTTP/1.1, connection pool). Measured here it costs the driver more CPU per
     * request than the query side spends answering it: a synchronous send goes through the client's selector thread
     * and executor, several thread hand-offs per request (docs/measurements.md).
     */
    final class JdkHttpDriver implements HttpDriver {
        private final ExecutorService executor = Executors.newFixedThreadPool(8);
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(executor).build();

        @Override
        public Reply send(String method, int port, String path, String authorization, String json)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", authorization);
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
