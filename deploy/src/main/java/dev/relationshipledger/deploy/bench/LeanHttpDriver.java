package dev.relationshipledger.deploy.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal blocking HTTP/1.1 client for the load driver, in the manner of wrk: each driver thread keeps one
 * keep-alive connection per port and sends one request at a time on it, writing and reading on its own thread.
 * Enough HTTP for the two applications' JSON answers (Content-Length or chunked bodies, {@code Connection: close});
 * nothing else (no TLS, no redirects, no compression).
 *
 * <p>A connection is reopened when the server announced it closes it, and when it sat idle longer than the
 * server's keep-alive timeout could be, so a request is never written to a connection the server already gave up.
 * A GET that fails on a reused connection is sent once more on a new one; a POST is not (it counts as failed).
 */
final class LeanHttpDriver implements HttpDriver {

    /** Well below Tomcat's keep-alive timeout (the connection timeout, 60 s unless configured). */
    private static final long IDLE_NANOS = 5_000_000_000L;

    private final ThreadLocal<Map<Integer, Connection>> connections = ThreadLocal.withInitial(HashMap::new);
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    @Override
    public Reply send(String method, int port, String path, String authorization, String json) throws IOException {
        Map<Integer, Connection> mine = connections.get();
        Connection connection = mine.get(port);
        boolean reused = connection != null && connection.usable();
        if (!reused) {
            if (connection != null) {
                discard(connection);
            }
            connection = new Connection(port);
            open.add(connection);
            mine.put(port, connection);
        }
        try {
            return connection.exchange(method, path, authorization, json);
        } catch (IOException e) {
            discard(connection);
            mine.remove(port);
            if (reused && json == null) {
                return send(method, port, path, authorization, null);
            }
            throw e;
        }
    }

    private void discard(Connection connection) {
        open.remove(connection);
        connection.close();
    }

    /** Closes every connection of every thread. */
    @Override
    public void close() {
        open.forEach(Connection::close);
        open.clear();
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean closeAnnounced;
        private long lastUsed = System.nanoTime();

        Connection(int port) throws IOException {
            socket = new Socket("localhost", port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        }

        boolean usable() {
            return !closeAnnounced && !socket.isClosed() && System.nanoTime() - lastUsed < IDLE_NANOS;
        }

        Reply exchange(String method, String path, String authorization, String json) throws IOException {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: localhost\r\nAuthorization: ").append(authorization).append("\r\n");
            if (json != null) {
                head.append("Content-Type: application/json\r\n");
            }
            if (json != null || method.equals("POST")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            Reply reply = readResponse(method);
            lastUsed = System.nanoTime();
            return reply;
        }

        private Reply readResponse(String method) throws IOException {
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    closeAnnounced = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
                // no body, whatever the headers say
            } else if (chunked) {
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    body.write(exactly(size));
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
            } else if (length >= 0) {
                body.write(exactly((int) length));
            } else {
                body.write(in.readAllBytes()); // delimited by the server closing the connection
                closeAnnounced = true;
            }
            return new Reply(status, body.toString(StandardCharsets.UTF_8));
        }

        private int chunkSize() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        private byte[] exactly(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new EOFException("connection closed inside a response body");
            }
            return bytes;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we no longer use: nothing to recover
            }
        }
    }
}
