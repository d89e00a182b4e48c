package dev.relationshipledger.deploy.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How long the query side itself took over S7's requests, from its Tomcat access log: from reading a request to
 * writing its response. Beside the driver's figures (counted from each request's due time) it splits S7's latency
 * into the server's share and the rest (the driver's hand-offs, the loopback, the host waking idle threads).
 */
final class ServerTimes {

    /** When each request began (epoch ms), its time in Tomcat (µs; %D is in microseconds since Tomcat 10.1), path. */
    private static final String PATTERN = "%{begin:msec}t %D %U";

    record Result(Histogram status, Histogram audit) {
    }

    private final Path directory;

    ServerTimes(Path directory) {
        this.directory = directory;
    }

    /** The query side's properties that make it write the log this reads; unbuffered, so it is whole when read. */
    Map<String, String> queryProperties() {
        return Map.of("server.tomcat.accesslog.enabled", "true",
                "server.tomcat.accesslog.directory", directory.toString(),
                "server.tomcat.accesslog.prefix", "query-access",
                "server.tomcat.accesslog.buffered", "false",
                "server.tomcat.accesslog.pattern", PATTERN);
    }

    /** S7's two kinds of request that began inside the driver's measured window. */
    Result within(OpenLoop.Window window) {
        Histogram status = new Histogram(60_000_000L, 3);
        Histogram audit = new Histogram(60_000_000L, 3);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("query-access")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    List<String> fields = List.of(line.split(" "));
                    if (fields.size() < 3) {
                        continue;
                    }
                    long began = Long.parseLong(fields.get(0));
                    if (began < window.fromEpochMillis() || began >= window.toEpochMillis()) {
                        continue;
                    }
                    long micros = Math.max(1, Long.parseLong(fields.get(1)));
                    String path = fields.get(2);
                    if (path.startsWith("/relationships/")) {
                        status.recordValue(micros);
                    } else if (path.equals("/audit")) {
                        audit.recordValue(micros);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the query side's access log in " + directory, e);
        }
        return new Result(status, audit);
    }
}
