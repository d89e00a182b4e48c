package dev.relationshipledger.deploy.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the server's slow requests waited on: each request over a threshold in a Tomcat access log is set beside the
 * JFR wait events (socket reads and writes, parks, monitors) of the thread that served it, and the overlap is summed
 * by kind of wait, named from the event's stack. What no event covers was spent running, waiting for a core, or in
 * waits shorter than the recording's thresholds. Used for S2 in the fourteenth round (docs/measurements.md).
 *
 * <pre>
 * java -cp deploy/target/relationship-ledger.jar -Dloader.main=dev.relationshipledger.deploy.bench.SlowRequestWaits \
 *      org.springframework.boot.loader.launch.PropertiesLauncher ACCESS_LOG_DIR RECORDING.jfr [OVER_MS] [PATH_SUFFIX]
 * </pre>
 *
 * The access log must be written with {@value #PATTERN} ({@code server.tomcat.accesslog.pattern}); the requests
 * counted are the POSTs whose path ends with PATH_SUFFIX (default {@code /contacts}, S2's command) in the last run of
 * them without a gap of over 2 s (S2's open loop comes after S1's closed loops).
 */
public final class SlowRequestWaits {

    /** When each request began (epoch ms), its time in Tomcat (µs), the thread that served it, method and path. */
    public static final String PATTERN = "%{begin:msec}t %D %I %m %U";
    private static final Set<String> WAITS = Set.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.ThreadPark",
            "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait");
    private static final long GAP_MILLIS = 2_000;

    record Request(long beganMillis, double millis, String thread) {
        double overlap(double from, double to) {
            return Math.max(0, Math.min(to, beganMillis + millis) - Math.max(from, beganMillis));
        }
    }

    /** One kind of wait: the slow requests' time in it and how many of its events overlapped them. */
    record Wait(String kind, double millis, int events) {
    }

    record Summary(int requests, List<Request> slow, double slowMillis, double gcMillis, List<Wait> waits) {
    }

    private SlowRequestWaits() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("arguments: ACCESS_LOG_DIR RECORDING.jfr [OVER_MS] [PATH_SUFFIX]");
        }
        double over = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        String suffix = args.length > 3 ? args[3] : "/contacts";
        Summary summary = summarize(lastBurst(read(Path.of(args[0])), suffix), Path.of(args[1]), over);
        System.out.printf("requests: %d; over %.0f ms in the server: %d, %.0f ms in all; in collector pauses "
                + "%.0f ms (%.1f %%)%n", summary.requests(), over, summary.slow().size(), summary.slowMillis(),
                summary.gcMillis(), 100 * summary.gcMillis() / summary.slowMillis());
        System.out.println("| wait | slow requests' time | share | events |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (Wait w : summary.waits()) {
            System.out.printf("| %s | %.0f ms | %.1f %% | %d |%n", w.kind(), w.millis(),
                    100 * w.millis() / summary.slowMillis(), w.events());
        }
    }

    /** Every line of the access log's files, as [began, µs, thread, method, path]. */
    static List<String[]> read(Path directory) throws IOException {
        List<String[]> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.split(" ");
                    if (fields.length == 5) {
                        lines.add(fields);
                    }
                }
            }
        }
        return lines;
    }

    /** The POSTs to paths ending with {@code suffix} after the last gap of over 2 s between two of them. */
    static List<Request> lastBurst(List<String[]> lines, String suffix) {
        List<Request> posts = lines.stream()
                .filter(f -> f[3].equals("POST") && f[4].endsWith(suffix))
                .map(f -> new Request(Long.parseLong(f[0]), Long.parseLong(f[1]) / 1000.0, f[2]))
                .sorted(Comparator.comparingLong(Request::beganMillis))
                .toList();
        int from = 0;
        for (int i = 1; i < posts.size(); i++) {
            if (posts.get(i).beganMillis() - posts.get(i - 1).beganMillis() > GAP_MILLIS) {
                from = i;
            }
        }
        return posts.subList(from, posts.size());
    }

    static Summary summarize(List<Request> requests, Path recording, double overMillis) throws IOException {
        List<Request> slow = requests.stream().filter(r -> r.millis() > overMillis).toList();
        Map<String, List<Request>> byThread = slow.stream().collect(Collectors.groupingBy(Request::thread));
        Map<String, double[]> waits = new LinkedHashMap<>();
        List<double[]> pauses = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                double from = event.getStartTime().toEpochMilli() + event.getStartTime().getNano() % 1_000_000 / 1e6;
                double to = from + event.getDuration().toNanos() / 1e6;
                if (type.equals("jdk.GarbageCollection")) {
                    pauses.add(new double[]{from, from + event.getDuration("sumOfPauses").toNanos() / 1e6});
                    continue;
                }
                if (!WAITS.contains(type) || event.getThread() == null) {
                    continue;
                }
                List<Request> served = byThread.get(event.getThread().getJavaName());
                if (served == null) {
                    continue;
                }
                for (Request r : served) {
                    double overlap = r.overlap(from, to);
                    if (overlap > 0) {
                        double[] sum = waits.computeIfAbsent(kind(event, type), k -> new double[2]);
                        sum[0] += overlap;
                        sum[1]++;
                    }
                }
            }
        }
        double slowMillis = slow.stream().mapToDouble(Request::millis).sum();
        double gcMillis = slow.stream().mapToDouble(r -> pauses.stream().mapToDouble(p -> r.overlap(p[0], p[1])).sum())
                .sum();
        List<Wait> sorted = waits.entrySet().stream()
                .map(e -> new Wait(e.getKey(), e.getValue()[0], (int) e.getValue()[1]))
                .sorted(Comparator.comparingDouble(Wait::millis).reversed())
                .toList();
        return new Summary(requests.size(), slow, slowMillis, gcMillis, sorted);
    }

    /** The wait named by what its stack was doing; otherwise by the event and the first frame outside the JDK. */
    static String kind(RecordedEvent event, String type) {
        String stack = frames(event);
        if (stack.contains("HikariPool.getConnection")) {
            return "a connection from the pool";
        }
        if (stack.contains("PessimisticLockFactory")) {
            return "the aggregate's lock";
        }
        if (type.startsWith("jdk.Socket") && stack.contains("org.postgresql")) {
            String what = stack.contains("PgConnection.commit") ? "the commit" : "a statement";
            return (type.equals("jdk.SocketRead") ? "PostgreSQL's answer to " : "sending PostgreSQL ") + what;
        }
        String monitor = type.startsWith("jdk.JavaMonitor") && event.getClass("monitorClass") != null
                ? " on " + event.getClass("monitorClass").getName() : "";
        String parked = type.equals("jdk.ThreadPark") && event.getClass("parkedClass") != null
                ? " on " + event.getClass("parkedClass").getName() : "";
        return type.substring("jdk.".length()) + monitor + parked + " in " + firstOwnFrame(event);
    }

    private static String frames(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null) {
            return "";
        }
        StringBuilder all = new StringBuilder();
        for (RecordedFrame frame : stack.getFrames()) {
            all.append(frame.getMethod().getType().getName()).append('.').append(frame.getMethod().getName()).append(' ');
        }
        return all.toString();
    }

    private static String firstOwnFrame(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                    return type + "." + frame.getMethod().getName();
                }
            }
        }
        return "?";
    }
}
