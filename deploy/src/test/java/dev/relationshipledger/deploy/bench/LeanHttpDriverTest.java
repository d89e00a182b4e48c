package dev.relationshipledger.deploy.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's own HTTP client against the JDK's HTTP server: bodies both ways, keep-alive, close, no body. */
class LeanHttpDriverTest {

    private HttpServer server;
    private int port;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            respond(exchange, 201, body, body.length);
        });
        server.createContext("/chunked", exchange -> {
            StringBuilder big = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                big.append("entry ").append(i).append(' ');
            }
            respond(exchange, 200, big.toString().getBytes(StandardCharsets.UTF_8), 0); // 0: chunked
        });
        server.createContext("/closing", exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            respond(exchange, 200, "bye".getBytes(StandardCharsets.UTF_8), 3);
        });
        server.createContext("/empty", exchange -> respond(exchange, 204, new byte[0], -1));
        server.start();
        port = server.getAddress().getPort();
    }

    private void respond(HttpExchange exchange, int status, byte[] body, long length) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheBodyAndReadsAFixedLengthAnswerOnOneKeptAliveConnection() throws Exception {
        try (LeanHttpDriver driver = new LeanHttpDriver()) {
            HttpDriver.Reply first = driver.send("POST", port, "/echo", "Basic x", "{\"summary\":\"Café Ø\"}");
            HttpDriver.Reply second = driver.send("POST", port, "/echo", "Basic y", "{}");

            assertThat(first.status()).isEqualTo(201);
            assertThat(first.body()).isEqualTo("{\"summary\":\"Café Ø\"}");
            assertThat(second.body()).isEqualTo("{}");
            assertThat(authorizations).containsExactly("Basic x", "Basic y");
            assertThat(clientPorts).hasSize(2);
            assertThat(clientPorts.get(1)).as("the same connection, kept alive").isEqualTo(clientPorts.get(0));
        }
    }

    @Test
    void readsAChunkedAnswerAcrossManyChunks() throws Exception {
        try (LeanHttpDriver driver = new LeanHttpDriver()) {
            HttpDriver.Reply reply = driver.send("GET", port, "/chunked", "Basic x", null);
            HttpDriver.Reply again = driver.send("GET", port, "/echo", "Basic x", null);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).startsWith("entry 0 entry 1 ").endsWith("entry 19999 ");
            assertThat(again.status()).as("the connection is still in step after the last chunk").isEqualTo(201);
            assertThat(clientPorts.get(1)).isEqualTo(clientPorts.get(0));
        }
    }

    @Test
    void opensANewConnectionAfterTheServerAnnouncedItCloses() throws Exception {
        try (LeanHttpDriver driver = new LeanHttpDriver()) {
            assertThat(driver.send("GET", port, "/closing", "Basic x", null).body()).isEqualTo("bye");
            assertThat(driver.send("POST", port, "/echo", "Basic x", "{}").status()).isEqualTo(201);

            assertThat(clientPorts.get(1)).isNotEqualTo(clientPorts.get(0));
        }
    }

    @Test
    void anAnswerWithoutBodyLeavesTheConnectionUsable() throws Exception {
        try (LeanHttpDriver driver = new LeanHttpDriver()) {
            HttpDriver.Reply empty = driver.send("POST", port, "/empty", "Basic x", null);
            HttpDriver.Reply next = driver.send("POST", port, "/echo", "Basic x", "[1]");

            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.body()).isEmpty();
            assertThat(next.body()).isEqualTo("[1]");
        }
    }

    @Test
    void eachThreadHasItsOwnConnection() throws Exception {
        try (LeanHttpDriver driver = new LeanHttpDriver()) {
            driver.send("GET", port, "/echo", "Basic x", null);
            Thread other = new Thread(() -> {
                try {
                    driver.send("GET", port, "/echo", "Basic x", null);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            other.start();
            other.join();

            assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
        }
    }
}
