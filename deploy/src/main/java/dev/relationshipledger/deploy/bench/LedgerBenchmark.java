package dev.relationshipledger.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.relationshipledger.command.store.AppendTracking;
import dev.relationshipledger.deploy.EmbeddedDatabase;
import dev.relationshipledger.deploy.Ledger;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.personaldata.PersonalDataKeys;
import dev.relationshipledger.kernel.personaldata.PersonalDataModule;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.query.operations.BackgroundPriority;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.MetaData;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark suite of issue 8, as a plain main: a durable embedded PostgreSQL (fsync and synchronous_commit on)
 * and both applications in this JVM, then the raw PostgreSQL baselines (S0) and the ledger's figures in the same run,
 * so that ratios compare like with like. Prints a markdown table and writes JSON.
 *
 * <pre>
 * java -Xmx1g -cp deploy/target/relationship-ledger.jar -Dloader.main=dev.relationshipledger.deploy.bench.LedgerBenchmark \
 *      org.springframework.boot.loader.launch.PropertiesLauncher [--quick] [--out target/bench.json] [--seed 42] [--only S1,S7,JVMS] [--growth] [--http-client lean|jdk]
 *      [--database-settings shared_buffers=2GB,max_wal_size=8GB] [--profile target/profiles] [--s2-rate N]
 *      [--s1-warm-up SECONDS]
 * </pre>
 */
public final class LedgerBenchmark {

    static final String OPENED = "dev.relationshipledger.kernel.relationship.RelationshipOpened";
    static final ObjectMapper JSON = LedgerJson.newMapper();

    // settings
    final boolean quick;
    final long seed;
    final Duration run;
    final int runs = 3;
    final int relationships = 10_000;
    final int maxContacts;
    final int rebuildEvents;
    /** Events in the store for S6 (the issue asks for 10,000,000). */
    final long growthEvents;
    /** PostgreSQL settings over the embedded defaults ({@code --database-settings}). */
    final Map<String, String> databaseSettings;
    final Path out;
    /** The load driver's HTTP client: lean (default) or jdk, see {@link HttpDriver}. */
    final String httpClient;
    /**
     * Scenarios to run (S0..S8, and JVMS: S1 over HTTP, S2, S4 and S8 with each application in its own JVM); those a
     * chosen one compares with are added (S1 and JVMS need S0, S2 and S6 need S1).
     */
    final java.util.Set<String> only;
    /**
     * With {@code --profile DIR}: S1 at 8 and 16 clients, S2 and S6 run again under the {@link Profiler}, recordings
     * in DIR.
     */
    final Profiler profiler;
    /**
     * With {@code --s2-rate N}: S2 and S4 (and their own-JVM runs) at N commands/s instead of half of the run's own
     * S1 http@8, so that two builds or settings are compared at one rate.
     */
    final Double fixedS2Rate;
    /**
     * {@code --s1-warm-up SECONDS}: at most this long S1's workload runs unmeasured before S1, until the JIT compiler
     * is quiet ({@link JitActivity#untilQuiet}); 0 measures a cold JVM, as the rounds before the fifteenth did.
     */
    final Duration s1WarmUp;
    final List<String> appArgs = new ArrayList<>();

    // state
    EmbeddedDatabase database;
    Ledger ledger;
    /** Where the applications answer: in this JVM, or in their own ones for the JVMS phase. */
    int commandPort;
    int queryPort;
    String jdbcUrl;
    HttpDriver http;
    DataGenerator generator;
    DataGenerator.Seeded population;
    /** The query side's own time per request, from its access log (S7). */
    ServerTimes serverTimes;
    final DataGenerator.Zipf zipf;
    final Map<String, Object> results = new LinkedHashMap<>();
    final Map<String, Object> profiles = new LinkedHashMap<>();
    /** Workloads to profile once every scenario of this JVM is measured ({@link #profiled}), in their order. */
    final Map<String, Measured> pendingProfiles = new LinkedHashMap<>();
    final List<String[]> table = new ArrayList<>();
    final AtomicLong contactCounter = new AtomicLong();
    /** The closed loops' clients' random generators, split off one after the other (deterministic for a seed). */
    final SplittableRandom clientSeeds;
    final List<Connection> opened = Collections.synchronizedList(new ArrayList<>());

    LedgerBenchmark(String[] args) {
        boolean q = false;
        boolean g = false;
        long s = 42;
        Path o = Path.of("target/bench.json");
        String client = "lean";
        Integer events = null;
        long growthTarget = 10_000_000;
        String dbSettings = "";
        Path profileDirectory = null;
        Double s2 = null;
        Integer warmUp = null;
        java.util.Set<String> chosen = new java.util.TreeSet<>(List.of("S0", "S1", "S2", "S3", "S5", "S7", "S8", "JVMS"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> q = true;
                case "--growth" -> g = true;
                case "--seed" -> s = Long.parseLong(args[++i]);
                case "--out" -> o = Path.of(args[++i]);
                case "--http-client" -> client = args[++i];
                case "--rebuild-events" -> events = Integer.parseInt(args[++i]);
                case "--growth-events" -> growthTarget = Long.parseLong(args[++i]);
                case "--database-settings" -> dbSettings = args[++i];
                case "--profile" -> profileDirectory = Path.of(args[++i]);
                case "--s2-rate" -> {
                    s2 = Double.parseDouble(args[++i]);
                    if (!(s2 > 0)) {
                        throw new IllegalArgumentException("--s2-rate is commands per second, above 0: " + args[i]);
                    }
                }
                case "--s1-warm-up" -> {
                    warmUp = Integer.parseInt(args[++i]);
                    if (warmUp < 0) {
                        throw new IllegalArgumentException("--s1-warm-up is seconds, 0 or more: " + args[i]);
                    }
                }
                case "--only" -> chosen = new java.util.TreeSet<>(List.of(args[++i].toUpperCase().split(",")));
                default -> {
                    if (args[i].startsWith("--") && args[i].contains("=")) {
                        appArgs.add(args[i]); // a Spring property for both applications, e.g. --axon.timeout.enabled=false
                        continue;
                    }
                    throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --quick --growth --seed N --out FILE --rebuild-events N --only S1,S7,JVMS,..."
                        + " --growth-events N --http-client lean|jdk --database-settings shared_buffers=2GB,..."
                        + " --profile DIR --s2-rate N --s1-warm-up SECONDS"
                        + " --spring.property=value)");
                }
            }
        }
        if (g) {
            chosen.add("S6");
        }
        if (chosen.contains("S2") || chosen.contains("S6")) {
            chosen.add("S1"); // also with --s2-rate: S2 measured on a cold JVM was all compilation (ninth round)
        }
        if (chosen.contains("S1") || chosen.contains("JVMS")) {
            chosen.add("S0");
        }
        only = chosen;
        growthEvents = growthTarget;
        profiler = profileDirectory == null ? null : new Profiler(profileDirectory, this::connect);
        databaseSettings = EmbeddedDatabase.parseSettings(dbSettings);
        quick = q;
        fixedS2Rate = s2;
        seed = s;
        clientSeeds = new SplittableRandom(s);
        out = o;
        httpClient = client;
        HttpDriver.named(client).close(); // refuses an unknown name before anything starts
        run = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(15);
        s1WarmUp = Duration.ofSeconds(warmUp != null ? warmUp : quick ? 180 : 600);
        maxContacts = quick ? 2_000 : 5_000;
        rebuildEvents = events != null ? events : quick ? 200_000 : 1_000_000;
        zipf = new DataGenerator.Zipf(relationships, 1.0);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        new LedgerBenchmark(args).runAll();
        System.exit(0);
    }

    void runAll() throws Exception {
        Path data = Files.createTempDirectory("ledger-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        database = EmbeddedDatabase.start(data.resolve("postgres"), port, databaseSettings);
        jdbcUrl = database.jdbcUrl();
        try {
            describeMachine();
            serverTimes = new ServerTimes(Files.createDirectories(data.resolve("query-access-log")));
            // the access log only where S7 reads it: the other scenarios run as before
            ledger = Ledger.start(applicationProperties(), Map.of(),
                    only.contains("S7") ? serverTimes.queryProperties() : Map.of(), appArgs.toArray(String[]::new));
            // the query side's background threads' niceness (ledger.processors.niceness, also from the environment)
            results.put("backgroundNiceness", ledger.querySide().getBean(BackgroundPriority.class).niceness());
            // group commit of commands (decision 0018), on unless LEDGER_GROUP_COMMIT=false or
            // --ledger.commands.group-commit.enabled=false
            results.put("groupCommit", ledger.commandSide().getEnvironment()
                    .getRequiredProperty("ledger.commands.group-commit.enabled", Boolean.class));
            commandPort = ledger.commandPort();
            queryPort = ledger.queryPort();
            http = HttpDriver.named(httpClient);
            generator = new DataGenerator(seed);
            populate();
            if (only.contains("S0")) {
                s0RawInserts();
                s0BatchedInsert();
            }
            if (only.contains("S1")) {
                s1Throughput();
            }
            if (only.contains("S2")) {
                s2s4Latency();
            }
            if (only.contains("S7")) {
                s7Queries();
            }
            if (only.contains("S8")) {
                s8Memory();
            }
            if (only.contains("S5")) {
                s5AsOf();
            }
            if (only.contains("S3")) {
                s3Rebuild();
            }
            if (only.contains("S6")) {
                s6Growth();
            }
            runProfiles();
            if (only.contains("JVMS")) {
                inSeparateJvms(); // last: it stops the applications in this JVM
            }
        } finally {
            report();
            if (http != null) {
                http.close();
            }
            if (ledger != null) {
                ledger.close();
            }
            database.close();
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- set-up

    /** What both applications are started with, in this JVM or in their own. */
    Map<String, String> applicationProperties() {
        return Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.flyway.user", "postgres",
                "spring.config.import", "classpath:ledger-demo-users.yml",
                "server.port", "0",
                "logging.level.root", "WARN",
                // the generated histories hold contracts past their end date; the expiry check would send their
                // ExpireContract commands in the middle of the measurements
                "ledger.contracts.expiry-initial-delay", "PT24H");
    }

    void describeMachine() throws SQLException, InterruptedException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String setting : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes",
                    "wal_sync_method", "shared_buffers", "max_wal_size", "checkpoint_timeout")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    machine.put(setting, rs.getString(1));
                    System.out.printf("SHOW %s = %s%n", setting, rs.getString(1));
                }
            }
        }
        machine.put("idleWakeUps", hostWakeUps());
        machine.put("idleCores", hostCores());
        machine.put("kernelWriteback", kernelWriteback());
        results.put("machine", machine);
        results.put("quick", quick);
        results.put("fixedS2Rate", fixedS2Rate);
        results.put("s1WarmUpMaxSeconds", s1WarmUp.toSeconds());
        results.put("scenarios", only);
        results.put("seed", seed);
        results.put("applicationArguments", appArgs);
        results.put("httpClient", httpClient);
        results.put("startedAt", Instant.now().toString());
    }

    void populate() throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = connect()) {
            population = generator.seed(c, relationships, maxContacts);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("seeded %,d relationships, %,d events in %.1f s (direct SQL); by type: %s%n", relationships,
                population.events(), seconds, population.eventsByType());
        long head = head();
        Duration caughtUp = awaitProcessors(head, Duration.ofMinutes(10));
        System.out.printf("query side caught up with %,d events in %.1f s after seeding%n", head, caughtUp.toMillis() / 1000.0);
        analyze();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("relationships", relationships);
        p.put("events", population.events());
        p.put("eventsByType", population.eventsByType());
        p.put("hottestRelationshipEvents", maxContacts + 1);
        p.put("zipfExponent", 1.0);
        p.put("seedSeconds", seconds);
        p.put("projectionCatchUpSeconds", caughtUp.toMillis() / 1000.0);
        results.put("population", p);
    }

    // ------------------------------------------------------------------------------------------------- S0

    void s0RawInserts() throws Exception {
        // shaped like the event table (columns, constraints, indexes) but with a sequence of its own and no triggers
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("DROP TABLE IF EXISTS bench.raw_event");
            s.execute("CREATE SEQUENCE IF NOT EXISTS bench.raw_seq CACHE 1");
            s.execute("CREATE TABLE bench.raw_event (LIKE event_store.domain_event_entry INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            s.execute("ALTER TABLE bench.raw_event ALTER COLUMN global_index SET DEFAULT nextval('bench.raw_seq')");
        }
        String payload = generator.contact(UUID.randomUUID().toString(), UUID.randomUUID(), Instant.now());
        Map<String, Object> s0 = new LinkedHashMap<>();
        List<String> budgets = new ArrayList<>();
        for (int clients : new int[]{1, 8, 16}) {
            CpuBudget cpu = new CpuBudget();
            Stats stats = repeat(() -> cpu.during(() -> closedLoop(clients, random -> {
                Connection c = connect();
                opened.add(c);
                c.setAutoCommit(true);
                PreparedStatement s = c.prepareStatement(DataGenerator.INSERT.replace("event_store.domain_event_entry", "bench.raw_event"));
                return () -> {
                    s.setString(1, UUID.randomUUID().toString());
                    s.setString(2, UUID.randomUUID().toString());
                    s.setLong(3, 0);
                    s.setString(4, Instant.now().toString());
                    s.setString(5, "dev.relationshipledger.kernel.relationship.ContactLogged");
                    s.setString(6, payload);
                    s.setString(7, DataGenerator.META);
                    s.executeUpdate();
                };
            })));
            Map<String, Object> entry = stats.json();
            entry.put("cpuMicrosPerInsert", cpu.microsPerOperation());
            entry.put("kernelMicrosPerInsert", cpu.kernelMicrosPerOperation());
            entry.put("cpuCores", cpu.cores());
            s0.put("insertCommit" + clients, entry);
            budgets.add(String.format("%d conn: %s", clients, cpu.describe("insert", 4)));
            row("S0", "raw INSERT+COMMIT, " + clients + " conn", stats.describe("rows/s"), "pgbench " + (clients == 1 ? "1,060" : clients == 8 ? "3,580" : "5,470"), "");
        }
        for (String budget : budgets) {
            // what S1's ledger is compared with: the same two cores, with the ledger idle but running beside it
            row("S0 diag", "CPU per raw insert during the runs, by thread or process (as S1's)",
                    budget, "", "");
        }
        results.put("S0", s0);
    }

    @SuppressWarnings("unchecked")
    void s0BatchedInsert() throws Exception {
        String payload = generator.contact(UUID.randomUUID().toString(), UUID.randomUUID(), Instant.now());
        Stats stats = repeat(() -> {
            int rows = quick ? 50_000 : 100_000;
            try (Connection c = connect();
                 PreparedStatement s = c.prepareStatement(DataGenerator.INSERT.replace("event_store.domain_event_entry", "bench.raw_event"))) {
                c.setAutoCommit(false);
                long t0 = System.nanoTime();
                for (int i = 0; i < rows; i++) {
                    s.setString(1, UUID.randomUUID().toString());
                    s.setString(2, UUID.randomUUID().toString());
                    s.setLong(3, 0);
                    s.setString(4, Instant.now().toString());
                    s.setString(5, "dev.relationshipledger.kernel.relationship.ContactLogged");
                    s.setString(6, payload);
                    s.setString(7, DataGenerator.META);
                    s.addBatch();
                    if (i % 1000 == 999) {
                        s.executeBatch();
                        c.commit();
                    }
                }
                s.executeBatch();
                c.commit();
                return rows / ((System.nanoTime() - t0) / 1e9);
            }
        });
        ((Map<String, Object>) results.get("S0")).put("batchedInsert1000", stats.json());
        row("S0", "raw batched insert (1,000/commit)", stats.describe("rows/s"), "", "");
    }

    private static final PersonalDataKeys NO_KEYS = new PersonalDataKeys.ReadOnly() {
        @Override
        public Optional<javax.crypto.SecretKey> openingKey(KeyHolder holder) {
            return Optional.empty();
        }

        @Override
        public boolean erased(KeyHolder holder) {
            return false;
        }
    };

    /** Reads the whole event table and deserializes every payload into its event class and every metadata map. */
    double scanAndDeserialize() throws Exception {
        try (Connection c = connect()) {
            // The baseline reads no key: a person's sealed details read as erased (decision 0019), so that it stays
            // the scan and Jackson alone, as before sealing; reading and using the keys is part of a rebuild's cost.
            // A contact's text is left sealed, as the projections read it (decision 0021).
            ObjectMapper events = LedgerJson.newEventMapper(NO_KEYS, PersonalDataModule.FreeText.LEFT_SEALED);
            c.setAutoCommit(false);
            Map<String, Class<?>> classes = new java.util.HashMap<>();
            long rows = 0;
            long t0 = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("SELECT global_index, aggregate_identifier, sequence_number, "
                    + "time_stamp, payload_type, payload, meta_data FROM event_store.domain_event_entry ORDER BY global_index")) {
                // the payloads in binary (prepared on the server at once), as the rebuild reads them
                s.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                s.setFetchSize(1000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String type = rs.getString(5);
                        Class<?> cls = classes.get(type);
                        if (cls == null) {
                            cls = Class.forName(type);
                            classes.put(type, cls);
                        }
                        Object event = events.readValue(rs.getBytes(6), cls);
                        Map<?, ?> meta = JSON.readValue(rs.getBytes(7), Map.class);
                        if (event == null || meta == null) {
                            throw new IllegalStateException();
                        }
                        rows++;
                    }
                }
            }
            c.commit();
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }

    // ------------------------------------------------------------------------------------------------- S1

    void s1Throughput() throws Exception {
        Map<String, Object> s1 = new LinkedHashMap<>();
        CommandGateway gateway = ledger.commandSide().getBean(CommandGateway.class);
        Map<String, Object> s0 = castMap(results.get("S0"));
        double best8 = 0;
        JitActivity.WarmUp warmUp = warmUpS1(gateway);
        s1.put("warmUp", warmUp.json());
        List<String> jit = new ArrayList<>();
        List<String> budgets = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        long gc0 = gcPauseMillis();
        long t0 = System.nanoTime();
        for (String path : new String[]{"gateway", "http"}) {
            for (int clients : new int[]{1, 8, 16}) {
                AtomicLong failures = new AtomicLong();
                Measured load = () -> closedLoop(clients, s1Action(path, gateway, failures));
                double compiler0 = JitActivity.compilerCpuSeconds();
                CpuBudget cpu = new CpuBudget();
                GroupSizes grouped = GroupSizes.from(ledger.commandSide());
                Stats stats = repeat(() -> cpu.during(load));
                Map<String, Object> entry = throughput("S1", path, clients, stats, failures.get());
                grouped.into(entry);
                if (!grouped.describe().isEmpty()) {
                    groups.add(String.format("%s@%d: %s", path, clients, grouped.describe()));
                }
                entry.put("cpuMicrosPerCommand", cpu.microsPerOperation());
                entry.put("kernelMicrosPerCommand", cpu.kernelMicrosPerOperation());
                entry.put("cpuCores", cpu.cores());
                budgets.add(String.format("%s@%d: %s", path, clients, cpu.describe("cmd", 6)));
                // the JIT compilers' CPU during the row's warm-up run and measured ones: near 0 when S1 measures
                // compiled code
                double compiler = JitActivity.compilerCpuSeconds() - compiler0;
                entry.put("compilerCpuSeconds", compiler);
                jit.add(String.format("%s@%d %.1f s", path, clients, compiler));
                s1.put(path + clients, entry);
                if (path.equals("http") && clients == 8) {
                    best8 = stats.median;
                }
                if (clients > 1) {
                    profiled("S1 " + path + "@" + clients, load);
                }
            }
        }
        s1.put("maxHttp8", best8);
        // diagnostic, not a target: the same commands spread uniformly (nearly every aggregate has 1-2 events), to
        // show how much of the cost is loading long Zipf-hot aggregates (no snapshots, no cache)
        Stats uniform = repeat(() -> closedLoop(8, random ->
                () -> send(gateway, logContact(random, random.nextInt(relationships / 2, relationships)))));
        s1.put("diagnosticGatewayUniformTail8", uniform.json());
        Stats alone = gatewayWithQuerySidePaused(gateway);
        s1.put("diagnosticGateway8QuerySidePaused", alone.json());
        row("S1 diag", "gateway, 8 clients, Zipf, query side's processors paused", alone.describe("cmd/s"), "",
                pct(alone.median / Stats.fromJson(castMap(s0.get("insertCommit8"))).median) + " of raw");
        row("S1 diag", "gateway, 8 clients, uniform over the short-history tail (ranks 5,001-10,000)",
                uniform.describe("cmd/s"), "", "");
        for (String budget : budgets) {
            row("S1 diag", "CPU per command during the runs, by thread or process (" + CpuBudget.PERIOD_MILLIS
                    + " ms samples of /proc; the query side's catching up after a run is not in it)", budget, "", "");
        }
        if (!groups.isEmpty()) {
            row("S1 diag", "group commit during each row's runs (warm-up run included)", String.join("; ", groups),
                    "", "");
        }
        row("S1 diag", "JIT compilers' CPU during each row's runs (" + warmUp.describe() + ")",
                String.join(", ", jit), "", "");
        // the share of S1's wall time the JVM (both applications and the driver) stood in garbage-collection pauses
        double gcShare = (gcPauseMillis() - gc0) / ((System.nanoTime() - t0) / 1e6);
        s1.put("gcPauseShare", gcShare);
        row("S1 diag", "share of S1's time in GC pauses (both apps + driver, -Xmx "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)", String.format("%.1f %%", gcShare * 100), "", "");
        results.put("S1", s1);
    }

    /** One S1 client's LogContact through the gateway or over HTTP, counted as failed unless it was appended. */
    ActionFactory s1Action(String path, CommandGateway gateway, AtomicLong failures) {
        return random -> {
            if (path.equals("gateway")) {
                return () -> {
                    try {
                        if (send(gateway, logContact(random)) == null) {
                            failures.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                };
            }
            return httpContact(random, failures);
        };
    }

    /**
     * Runs S1's workload unmeasured until this JVM's JIT compilers are quiet: rounds of S1's rows, each for one run's
     * length (16 clients take paths that 8 do not). The command side has handled nothing before S1 (the population
     * is seeded by SQL), so without this S1 measured the compilers working on the command and HTTP paths, on the
     * cores the ledger needs (fifteenth round).
     */
    JitActivity.WarmUp warmUpS1(CommandGateway gateway) throws Exception {
        JitActivity.WarmUp warm = JitActivity.untilQuiet(() -> {
            for (String path : new String[]{"gateway", "http"}) {
                for (int clients : new int[]{1, 8, 16}) {
                    closedLoop(clients, s1Action(path, gateway, new AtomicLong()));
                }
            }
        }, JitActivity::compilerCpuSeconds, s1WarmUp);
        settle();
        return warm;
    }

    /**
     * Diagnostic: the command side's own capacity (gateway, 8 clients), with the query side's processors paused (they
     * share the two cores here; in a deployment they run elsewhere), then resumed.
     */
    Stats gatewayWithQuerySidePaused(CommandGateway gateway) throws Exception {
        EventProcessingConfiguration processing = ledger.querySide().getBean(EventProcessingConfiguration.class);
        processing.eventProcessors().values().forEach(EventProcessor::shutDown);
        try {
            return repeatWithoutSettling(() -> closedLoop(8, random -> () -> send(gateway, logContact(random))));
        } finally {
            processing.eventProcessors().values().forEach(EventProcessor::start);
        }
    }

    /**
     * With {@code --profile}: the workload once more under the profiler, after every scenario measured in this JVM
     * ({@link #runProfiles}). Run at once, JFR's profile settings set the JIT recompiling during the rows measured
     * next: 12.6–22.4 s of compilation in three of the four S1 rows after the first profile (docs/measurements.md,
     * twenty-ninth round). So a profile runs on the store as the later scenarios left it (after S3, larger): read
     * its shares, not its rate.
     */
    void profiled(String name, Measured load) {
        if (profiler != null) {
            pendingProfiles.put(name, load);
        }
    }

    /** The workloads {@link #profiled} set aside, each from a settled ledger, under the profiler. */
    void runProfiles() throws Exception {
        for (Map.Entry<String, Measured> pending : pendingProfiles.entrySet()) {
            settle();
            profiles.put(pending.getKey(), profiler.profile(pending.getKey(), pending.getValue()));
        }
        pendingProfiles.clear();
    }

    /** An S1 figure against S0's raw insert rate at the same concurrency: its table row, and its JSON entry. */
    Map<String, Object> throughput(String scenario, String path, int clients, Stats stats, long failures) {
        Stats raw = Stats.fromJson(castMap(castMap(results.get("S0")).get("insertCommit" + clients)));
        double ratio = stats.median / raw.median;
        Map<String, Object> entry = stats.json();
        entry.put("failures", failures);
        entry.put("ratioToRawInsert", ratio);
        row(scenario, "LogContact via " + path + ", " + clients + " clients", stats.describe("cmd/s")
                        + (failures > 0 ? " (" + failures + " failed)" : ""),
                "≥ 50 % of raw (" + fmt(raw.median / 2) + ")", pct(ratio) + (ratio >= 0.5 ? " met" : " MISSED"));
        return entry;
    }

    /** Sends a command through the gateway as rita would over HTTP (the metadata the command side sets). */
    static AppendTracking.Appended send(CommandGateway gateway, LogContact command) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(Map.of(
                "actor", "rita", "actorRoles", "RELATIONSHIP_MANAGER", "correlationId", "bench", "causationId", "bench"))));
    }

    LogContact logContact(SplittableRandom random) {
        return logContact(random, zipf.next(random));
    }

    LogContact logContact(SplittableRandom random, int rank) {
        return new LogContact(RelationshipId.of(population.ids().get(rank)),
                new ContactId(UUID.randomUUID()), ContactChannel.CALL, List.of("Jane Doe"),
                "Benchmark contact " + contactCounter.incrementAndGet(), Sentiment.NEUTRAL, List.of(),
                DataGenerator.START.plusSeconds(random.nextInt(10_000_000)));
    }

    /** One client's action in S1 over HTTP: a LogContact, counted as failed unless answered 201. */
    Action httpContact(SplittableRandom random, AtomicLong failures) {
        return () -> {
            if (postContact(random).status() != 201) {
                failures.incrementAndGet();
            }
        };
    }

    HttpDriver.Reply postContact(SplittableRandom random) throws IOException, InterruptedException {
        String id = population.ids().get(zipf.next(random));
        String body = "{\"channel\":\"CALL\",\"participants\":[\"Jane Doe\"],\"summary\":\"Benchmark contact "
                + contactCounter.incrementAndGet() + "\",\"sentiment\":\"NEUTRAL\",\"followUps\":[],\"occurredAt\":\""
                + DataGenerator.START.plusSeconds(random.nextInt(10_000_000)) + "\"}";
        return http.send("POST", commandPort, "/relationships/" + id + "/contacts", basic("rita", "rita-demo"), body);
    }

    // ------------------------------------------------------------------------------------------------- S2 + S4

    void s2s4Latency() throws Exception {
        double maxHttp8 = (double) castMap(results.get("S1")).get("maxHttp8");
        double rate = s2Rate(maxHttp8);
        latencyAtRate(rate, s2RateOrigin(), "", results);
        if (fixedS2Rate == null) {
            atHalfTheSustainedRate(maxHttp8);
        }
        profiled("S2 open loop", () -> openLoopP99(rate));
    }

    /** Half of the given S1 http@8 maximum, or the rate given with {@code --s2-rate}. */
    double s2Rate(double maxHttp8) {
        return fixedS2Rate != null ? fixedS2Rate : Math.max(1, maxHttp8 / 2);
    }

    String s2RateOrigin() {
        return fixedS2Rate != null ? "fixed, --s2-rate" : "half of S1 http@8";
    }

    /**
     * S2 and S4 once more, at half of the highest rate the ledger sustains with its projections keeping up
     * ({@link SustainedRate}, bisected down from S1's http@8 in five trials). S1's closed loops are 5 s long, too short
     * for the projections' backlog to show, so half of their maximum can be a load the read side does not keep up
     * with (tenth round); "half load" for S4 means half of what can be sustained. Both S2 figures are reported
     * where they differ.
     */
    void atHalfTheSustainedRate(double maxHttp8) throws Exception {
        Duration length = quick ? Duration.ofSeconds(15) : Duration.ofSeconds(30);
        SustainedRate.Result found = SustainedRate.search(maxHttp8, 5, rate -> sustainedTrial(rate, length));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sustainedPerSecond", found.perSecond());
        json.put("trialSeconds", length.toSeconds());
        List<Map<String, Object>> trials = new ArrayList<>();
        StringBuilder seen = new StringBuilder();
        for (SustainedRate.Trial t : found.trials()) {
            Map<String, Object> trial = new LinkedHashMap<>();
            trial.put("offeredPerSecond", t.offeredPerSecond());
            trial.put("answeredPerSecond", t.answeredPerSecond());
            trial.put("failures", t.failures());
            trial.put("lagP99Seconds", t.lagP99Seconds());
            trial.put("sustained", t.sustained());
            trials.add(trial);
            seen.append(seen.isEmpty() ? "" : "; ").append(String.format("%.0f/s %s (answered %.0f/s, lag p99 %.2f s)",
                    t.offeredPerSecond(), t.sustained() ? "yes" : "no", t.answeredPerSecond(), t.lagP99Seconds()));
        }
        json.put("trials", trials);
        results.put("S2sustained", json);
        row("S2 sustained", String.format("highest HTTP LogContact rate sustained: all answered at ≥ 95 %% of the "
                        + "offered rate, S4's lag p99 ≤ 1 s (%d s per trial, bisected from S1 http@8)",
                        length.toSeconds()),
                String.format("%.0f/s = %.0f %% of S1 http@8; trials: %s", found.perSecond(),
                        100 * found.perSecond() / maxHttp8, seen), "", "diagnostic");
        if (found.perSecond() >= maxHttp8) {
            // half of it is the rate S2 has just run at: the same figure again would only be a repeat
            row("S2 at half the sustained rate", "S1 http@8 itself was sustained: its half is S2's rate above",
                    "as S2", "", "");
        } else if (found.perSecond() > 0) {
            latencyAtRate(found.perSecond() / 2, "half the sustained rate", " at half the sustained rate", json);
        }
    }

    /** One trial for {@link SustainedRate}: 2 s of warm-up, then {@code length} at the rate, from a settled ledger. */
    private SustainedRate.Trial sustainedTrial(double rate, Duration length) throws Exception {
        settle();
        AtomicLong answered = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        LagProbes lagProbes = new LagProbes(path -> query("maria", path), failures);
        long[] window = {Long.MAX_VALUE, Long.MIN_VALUE}; // first measured due time, last measured answer
        openLoop(rate, Duration.ofSeconds(2), length, 64, (random, intended, measured) -> {
            HttpDriver.Reply r = postContact(random);
            long done = System.nanoTime();
            if (!measured) {
                return;
            }
            if (r.status() != 201) {
                failures.incrementAndGet();
                return;
            }
            answered.incrementAndGet();
            synchronized (window) {
                window[0] = Math.min(window[0], intended);
                window[1] = Math.max(window[1], done);
            }
            lagProbes.acknowledged(r, done);
        });
        Histogram lag = lagProbes.finish();
        double seconds = Math.max(1e-9, (window[1] - window[0]) / 1e9);
        double lagP99 = lag.getTotalCount() == 0 ? Double.POSITIVE_INFINITY : lag.getValueAtPercentile(99) / 1e6;
        SustainedRate.Trial trial = SustainedRate.judge(rate, answered.get() / seconds, failures.get(), lagP99, 1.0);
        System.out.printf("S2 sustained: %.0f/s offered, %.0f/s answered, %d failed, lag p99 %.2f s: %s%n",
                rate, trial.answeredPerSecond(), trial.failures(), lagP99, trial.sustained() ? "sustained" : "not");
        return trial;
    }

    /**
     * S2 and S4 at the given rate ({@code origin} says where it came from): rows labelled "S2"/"S4" plus
     * {@code label}, JSON under "S2" and "S4" of {@code into}.
     */
    void latencyAtRate(double rate, String origin, String label, Map<String, Object> into) throws Exception {
        Duration length = quick ? Duration.ofSeconds(20) : Duration.ofSeconds(60);
        Histogram latency = new Histogram(60_000_000L, 3);
        AtomicLong failures = new AtomicLong();
        LagProbes lagProbes = new LagProbes(path -> query("maria", path), failures);
        // measured requests over the target, [intended start, done] in nanoTime, and the measured window
        List<long[]> slow = new ArrayList<>();
        long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
        GcPauses pauses = new GcPauses();
        settle();
        DiskWrites writesBefore = diskWrites();
        Profiler.Cpu cpuBefore = Profiler.Cpu.now();
        WakeUps probe = WakeUps.startAfter(Duration.ofSeconds(5)); // the measured part of the loop below
        WalWaits waits = WalWaits.startAfter(connect(), Duration.ofSeconds(5));
        GroupSizes grouped = ledger == null ? null : GroupSizes.from(ledger.commandSide());
        openLoop(rate, Duration.ofSeconds(5), length, 64, (random, intended, measured) -> {
            HttpDriver.Reply r = postContact(random);
            long done = System.nanoTime();
            if (r.status() != 201) {
                failures.incrementAndGet();
                return;
            }
            if (measured) {
                synchronized (latency) {
                    latency.recordValue(Math.max(1, (done - intended) / 1000));
                    window[0] = Math.min(window[0], intended);
                    window[1] = Math.max(window[1], done);
                    if (done - intended > S2_TARGET_NANOS) {
                        slow.add(new long[]{intended, done});
                    }
                }
                lagProbes.acknowledged(r, done);
            }
        });
        Map<String, Object> cpu = Profiler.Cpu.now().since(cpuBefore);
        probe.stop();
        WalWaits.Summary sessions = waits.stop();
        Histogram lag = lagProbes.finish();
        Map<String, Object> s2 = histogram(latency);
        s2.put("coresDuringOpenLoop", cpu);
        s2.put("ratePerSecond", rate);
        s2.put("seconds", length.toSeconds());
        s2.put("failures", failures.get());
        into.put("S2", s2);
        if (grouped != null && !grouped.describe().isEmpty()) {
            grouped.into(s2);
            row("S2 diag" + label, "group commit during the open loop, warm-up included", grouped.describe(), "", "");
        }
        double p99 = latency.getValueAtPercentile(99) / 1000.0;
        row("S2" + label, String.format("HTTP LogContact open loop %.0f/s (%s)", rate, origin),
                percentiles(latency), "p99 ≤ 20 ms", p99 <= 20 ? "met" : String.format("MISSED by %.1f ms", p99 - 20));
        coresRow("S2 diag" + label, "cores busy during the open loop, warm-up included", cpu);
        pauses.close();
        if (ledger != null) {
            slowRequestsInPauses(label, slow, pauses.within(window[0], window[1]), length, s2);
        }
        s2.put("wakeUps", wakeUpRow("S2 diag" + label, "how late a 1 ms sleep wakes up in the benchmark's JVM "
                + (ledger != null ? "(the applications' too)" : "(the driver's only)") + ", measured part", probe));
        s2.put("sessionWaits", waitsRow("S2 diag" + label, sessions));
        s2.put("dataPagesWritten", writesRow("S2 diag" + label, writesBefore));
        Map<String, Object> s4 = histogram(lag);
        into.put("S4", s4);
        double lag99 = lag.getValueAtPercentile(99) / 1000.0;
        row("S4" + label, "ack → visible on query side (every 10th command)", percentiles(lag), "p99 ≤ 1 s",
                lag99 <= 1000 ? "met" : String.format("MISSED by %.0f ms", lag99 - 1000));
    }

    private static final long S2_TARGET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private DiskWrites diskWrites() throws SQLException {
        try (Connection c = connect()) {
            return DiskWrites.now(c);
        }
    }

    /** Who wrote data pages during S2's open loop, and how many went to the page cache without a writeback. */
    private Map<String, Object> writesRow(String scenario, DiskWrites before) throws SQLException {
        Map<String, Map<String, Long>> written = diskWrites().since(before);
        StringBuilder measured = new StringBuilder();
        written.forEach((writer, pages) -> measured.append(measured.isEmpty() ? "" : "; ").append(String.format(
                "%s %,d / %,d / %,d", writer, pages.get("written"), pages.get("writtenBack"), pages.get("extended"))));
        Long dirty = before.dirtyKiBAtSnapshot();
        row(scenario, "data pages written during the open loop, warm-up included, by writer: written / of them written"
                        + " back at once / extended (pg_stat_io); host's dirty page cache at its start",
                measured + (dirty == null ? "" : String.format("; dirty %,d MiB", dirty / 1024)), "", "");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("byWriter", written);
        json.put("dirtyPageCacheKiBAtStart", dirty);
        return json;
    }

    /** What the database sessions waited for during S2's measured part: the WAL's stalls first (ninth round). */
    private Map<String, Object> waitsRow(String scenario, WalWaits.Summary seen) {
        row(scenario, String.format("WAL stalls (≥ %d command sessions waiting for the WAL at once; pg_stat_activity "
                        + "every %d ms), measured part", WalWaits.STALL_SESSIONS, WalWaits.INTERVAL.toMillis()),
                String.format("%d, longest %.0f ms, %.0f ms in all; new WAL segments: %d; WAL flushes ≥ 20 ms: %d, "
                                + "longest ≥ %.0f ms", seen.walStalls(), seen.longestStallMillis(), seen.stalledMillis(),
                        seen.segmentsCreated(), seen.flushesOver20Ms(), seen.longestFlushMillis()), "", "");
        row(scenario, "command sessions' states, in session-samples (of " + seen.samples() + " samples)",
                seen.commandSide().toString(), "", "");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", seen.samples());
        json.put("walStalls", seen.walStalls());
        json.put("longestWalStallMillis", seen.longestStallMillis());
        json.put("walStalledMillis", seen.stalledMillis());
        json.put("walSegmentsCreated", seen.segmentsCreated());
        json.put("walFlushesOver20Ms", seen.flushesOver20Ms());
        json.put("longestWalFlushMillisAtLeast", seen.longestFlushMillis());
        json.put("commandSide", seen.commandSide());
        json.put("querySide", seen.querySide());
        return json;
    }

    /**
     * How many of S2's requests over the target overlapped a collection pause, where the applications and the driver
     * share this JVM (a pause stops all three): is the tail the collector's or the cores'?
     */
    private void slowRequestsInPauses(String label, List<long[]> slow, List<GcPauses.Pause> pauses, Duration length,
                                      Map<String, Object> into) {
        long overlapped = slow.stream()
                .filter(request -> pauses.stream().anyMatch(p -> p.overlaps(request[0], request[1]))).count();
        double pausedMillis = pauses.stream().mapToLong(p -> p.end() - p.start()).sum() / 1e6;
        into.put("requestsOverTarget", slow.size());
        into.put("requestsOverTargetOverlappingGcPause", overlapped);
        into.put("gcPauses", pauses.size());
        into.put("gcPausedMillis", pausedMillis);
        row("S2 diag" + label, "requests over 20 ms that overlapped a GC pause (both apps + driver, one JVM)",
                String.format("%d of %d (%.0f %%); %d pauses, %.0f ms paused in %d s", overlapped, slow.size(),
                        slow.isEmpty() ? 0.0 : 100.0 * overlapped / slow.size(), pauses.size(), pausedMillis,
                        length.toSeconds()), "", "");
    }

    /** S2's open loop for 10 s after 2 s of warm-up, for the profile: its p99 in milliseconds. */
    private double openLoopP99(double rate) throws Exception {
        Histogram latency = new Histogram(60_000_000L, 3);
        openLoop(rate, Duration.ofSeconds(2), Duration.ofSeconds(10), 64, (random, intended, measured) -> {
            HttpDriver.Reply r = postContact(random);
            long done = System.nanoTime();
            if (measured && r.status() == 201) {
                synchronized (latency) {
                    latency.recordValue(Math.max(1, (done - intended) / 1000));
                }
            }
        });
        return latency.getValueAtPercentile(99) / 1000.0;
    }

    // ------------------------------------------------------------------------------------------------- S7

    /**
     * The same workload twice, each from a settled ledger: first with the load generator in a JVM of its own (the
     * figure the target is judged on: a load generator shares the machine with the system under test, not its
     * heap), then in this JVM beside both applications, as the benchmark measured it before.
     */
    void s7Queries() throws Exception {
        QueryLoad.Settings settings = new QueryLoad.Settings(queryPort, population.ids(), 200,
                Duration.ofSeconds(5), quick ? Duration.ofSeconds(20) : Duration.ofSeconds(60), 32, seed, httpClient, run);
        settle();
        // in this JVM, beside both applications' request threads, once the driver's warm-up is over
        WakeUps probe = WakeUps.startAfter(settings.closedWarmUp().multipliedBy(2).plus(settings.warmUp()));
        QueryLoad.Result own = QueryLoad.inOwnJvm(settings);
        probe.stop();
        settle();
        QueryLoad.Result shared = QueryLoad.run(settings);
        Map<String, Object> s7 = new LinkedHashMap<>();
        s7.put("driver", "own JVM (-Xmx256m)");
        s7.put("status", histogram(own.status()));
        s7.put("auditPage100", histogram(own.audit()));
        s7.put("failures", own.failures());
        Map<String, Object> inBenchmarkJvm = new LinkedHashMap<>(Map.of("status", histogram(shared.status()),
                "auditPage100", histogram(shared.audit()), "failures", shared.failures()));
        s7.put("driverInBenchmarkJvm", inBenchmarkJvm);
        results.put("S7", s7);
        s7Rows("driver in its own JVM", own);
        s7Rows("driver in the benchmark's JVM", shared);
        s7.put("serverTime", serverTimeRow("driver in its own JVM", own));
        inBenchmarkJvm.put("serverTime", serverTimeRow("driver in the benchmark's JVM", shared));
        s7.put("wakeUpsDuringOwnJvmRun", wakeUpRow("S7 diag", "how late a 1 ms sleep wakes up in the applications' "
                + "JVM during the open loop, driver in its own JVM", probe));
    }

    /**
     * The same requests as the query side timed them (from reading each to writing its response): what is left of
     * the driver's figure is spent outside the server's request handling.
     */
    private Map<String, Object> serverTimeRow(String driver, QueryLoad.Result result) {
        ServerTimes.Result server = serverTimes.within(result.measured());
        row("S7 diag", "the query side's own time for the same requests (Tomcat: request read → response written), "
                + driver, "status " + percentiles(server.status()) + "; audit page " + percentiles(server.audit()), "", "");
        return Map.of("status", histogram(server.status()), "auditPage100", histogram(server.audit()));
    }

    private void s7Rows(String driver, QueryLoad.Result result) {
        for (Map.Entry<String, Histogram> e : List.of(Map.entry("status by id", result.status()),
                Map.entry("audit page of 100", result.audit()))) {
            double p99 = e.getValue().getValueAtPercentile(99) / 1000.0;
            row("S7", e.getKey() + " (200 req/s mixed), " + driver, percentiles(e.getValue())
                            + (result.failures() > 0 ? " (" + result.failures() + " failed)" : ""), "p99 ≤ 10 ms",
                    p99 <= 10 ? "met" : String.format("MISSED by %.1f ms", p99 - 10));
        }
    }

    // ------------------------------------------------------------------------------------------------- S8

    void s8Memory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> s8 = new LinkedHashMap<>();
        s8.put("heapUsedAfterGcMiB", heap.getUsed() >> 20);
        s8.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        s8.put("note", "both applications and the benchmark driver share this JVM");
        results.put("S8", s8);
        row("S8", "heap after GC, both apps + driver in one JVM", (heap.getUsed() >> 20) + " MiB of -Xmx "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB", "each app holds S1 in 512 MiB",
                (Runtime.getRuntime().maxMemory() >> 20) <= 512 ? "met (both apps in one 512 MiB heap)"
                        : "not shown: run the main with -Xmx512m");
    }

    // ------------------------------------------------------------------------------------------------- S5

    void s5AsOf() throws Exception {
        Map<Integer, String> ids = new LinkedHashMap<>();
        for (int size : new int[]{10, 1_000, 10_000}) {
            try (Connection c = connect()) {
                String prefix = "asof-" + size;
                generator.bulk(c, prefix, 1, size);
                ids.put(size, generator.uuid(prefix, 0).toString());
            }
        }
        awaitProcessors(head(), Duration.ofMinutes(5));
        Map<String, Object> s5 = new LinkedHashMap<>();
        int questions = quick ? 200 : 500;
        SplittableRandom random = new SplittableRandom(seed);
        for (Map.Entry<Integer, String> e : ids.entrySet()) {
            Histogram h = new Histogram(60_000_000L, 3);
            for (int i = 0; i < questions + 50; i++) {
                Instant at = DataGenerator.START.plusSeconds(random.nextLong(e.getKey() * 600L + 600));
                long t0 = System.nanoTime();
                HttpDriver.Reply r = query("maria", "/relationships/" + e.getValue() + "/as-of?at=" + at + "&axis=recorded");
                long micros = (System.nanoTime() - t0) / 1000;
                if (r.status() != 200 && r.status() != 404) {
                    throw new IllegalStateException("as-of answered " + r.status() + ": " + r.body());
                }
                if (i >= 50) {
                    h.recordValue(Math.max(1, micros));
                }
            }
            s5.put("events" + e.getKey(), histogram(h));
            double p95 = h.getValueAtPercentile(95) / 1000.0;
            row("S5", String.format("as-of, relationship of %,d events", e.getKey()), percentiles(h),
                    e.getKey() == 10_000 ? "p95 ≤ 100 ms" : "",
                    e.getKey() != 10_000 ? "" : p95 <= 100 ? "met" : String.format("MISSED by %.1f ms", p95 - 100));
        }
        results.put("S5", s5);
    }

    // ------------------------------------------------------------------------------------------------- S3

    void s3Rebuild() throws Exception {
        long have = count();
        long missing = Math.max(0, rebuildEvents - have);
        int per = 100;
        long t0 = System.nanoTime();
        long inserted = 0;
        try (Connection c = connect()) {
            inserted = generator.bulk(c, "bulk", (int) (missing / per), per);
        }
        double insertSeconds = (System.nanoTime() - t0) / 1e9;
        long head = head();
        Duration catchUp = awaitProcessors(head, Duration.ofMinutes(60));
        double allSeconds = (System.nanoTime() - t0) / 1e9;
        long total = count();
        analyze();
        System.out.printf("S3: %,d events in the store; inserted %,d in %.1f s; all processors at head %.1f s after the insert began%n",
                total, inserted, insertSeconds, allSeconds);
        CpuBudget scanBudget = new CpuBudget();
        Stats scan = repeat(() -> scanBudget.during(this::scanAndDeserialize));
        Map<String, Object> s0 = castMap(results.computeIfAbsent("S0", k -> new LinkedHashMap<String, Object>()));
        Map<String, Object> scanJson = scan.json();
        scanJson.put("cpuMicrosPerEvent", scanBudget.microsPerOperation());
        scanJson.put("kernelMicrosPerEvent", scanBudget.kernelMicrosPerOperation());
        s0.put("scanAndDeserialize", scanJson);
        row("S0", String.format("raw scan + Jackson deserialize of %,d events", total), scan.describe("events/s"), "", "");
        row("S0 diag", "CPU per event of the raw scan, by thread or process (as S1's)", scanBudget.describe("event", 4),
                "", "");

        // the rebuilds without downtime (admin endpoint), timed by their own progress: every projection from one
        // scan, twice (the second carries the S3 verdict), then the status projection alone. The first runs the
        // rebuild's own code for the first time in this JVM, with the JIT compiling it on the cores the rebuild
        // needs; the second compares with the raw scan as that is measured, after a warm-up run (fifteenth round).
        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("eventsInStore", total);
        adminRebuild("all", "rebuild.all.first", "all 3 projections, one scan, the first in this JVM", scan, s3, false);
        adminRebuild("all", "rebuild.all", "all 3 projections, one scan, the second", scan, s3, true);
        adminRebuild("relationship-status", "rebuild.relationship-status", "relationship-status alone", scan, s3, false);
        stateWeight(s3);
        replayAll(total, scan, s3);
        s3.put("liveCatchUpEvents", inserted);
        s3.put("liveCatchUpSecondsFromInsertStart", allSeconds);
        s3.put("liveCatchUpEventsPerSecondLowerBound", inserted / allSeconds);
        results.put("S3", s3);
        if (inserted > 0) { // nothing to catch up with when the earlier scenarios already filled the store
            row("S3", String.format("all live processors catch up with %,d new events", inserted),
                    fmt(inserted / allSeconds) + " events/s (lower bound, includes insert time)", "", "");
        }
    }

    /**
     * Rebuilds {@code name} through the admin endpoint and times it until it reports DONE (or FAILED); the JSON goes
     * under {@code key}. Only the second rebuild of all projections carries the S3 verdict.
     */
    private void adminRebuild(String name, String key, String label, Stats scan, Map<String, Object> s3,
                              boolean verdict) throws Exception {
        settle();
        StatementTimes statementTimes = new StatementTimes(this::connect);
        boolean statements = statementTimes.reset();
        double compiler0 = JitActivity.compilerCpuSeconds();
        HttpDriver.Reply started = http.send("POST", queryPort, "/admin/rebuilds/" + name, basic("adam", "adam-demo"), null);
        if (started.status() != 202) {
            throw new IllegalStateException("rebuild answered " + started.status() + ": " + started.body());
        }
        Profiler.Cpu cpuBefore = Profiler.Cpu.now();
        long r0 = System.nanoTime();
        JsonNode[] last = new JsonNode[1];
        double[] switching = {Double.NaN}; // first seen SWITCHING, to the next 250 ms
        CpuBudget budget = new CpuBudget();
        budget.during(() -> {
            while (true) {
                Thread.sleep(250);
                last[0] = JSON.readTree(query("adam", "/admin/rebuilds/" + name).body());
                String status = last[0].get("status").asText();
                if (status.equals("SWITCHING") && Double.isNaN(switching[0])) {
                    switching[0] = (System.nanoTime() - r0) / 1e9;
                }
                if (status.equals("DONE") || status.equals("FAILED")) {
                    return last[0].get("eventsDone").asLong() / ((System.nanoTime() - r0) / 1e9);
                }
            }
        });
        JsonNode progress = last[0];
        double seconds = (System.nanoTime() - r0) / 1e9;
        double switchSeconds = Double.isNaN(switching[0]) ? 0 : seconds - switching[0];
        Map<String, Object> cpu = Profiler.Cpu.now().since(cpuBefore);
        double compiler = JitActivity.compilerCpuSeconds() - compiler0;
        long done = progress.get("eventsDone").asLong();
        double rate = done / seconds;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", progress.get("status").asText());
        json.put("events", done);
        json.put("seconds", seconds);
        json.put("eventsPerSecond", rate);
        json.put("switchSecondsAtMost", switchSeconds);
        json.put("reportedRate", progress.get("rate").asDouble());
        json.put("ratioToRawScan", rate / scan.median);
        json.put("cores", cpu);
        json.put("compilerCpuSeconds", compiler); // this JVM's, the applications' as well as the benchmark's
        json.put("cpuMicrosPerEvent", budget.microsPerOperation());
        json.put("kernelMicrosPerEvent", budget.kernelMicrosPerOperation());
        if (statements) {
            List<Map<String, Object>> top = statementTimes.top(12);
            json.put("postgresStatements", top);
            top.forEach(statement -> System.out.printf("S3 %s: %,d ms in %,d calls: %s%n", key,
                    statement.get("totalMs"), statement.get("calls"), statement.get("query")));
        }
        s3.put(key, json);
        String verdictText = pct(rate / scan.median) + " of raw"
                + (verdict ? "; " + (rate >= 20_000 && rate >= scan.median / 4 ? "met" : "MISSED") : "");
        row("S3", String.format("rebuild %s from %,d events (admin endpoint)", label, done),
                fmt(rate) + String.format(" events/s (%.1f s, of which switching ≤ %.1f s; %s; JIT compilers' CPU %.1f s)",
                        seconds, switchSeconds, progress.get("status").asText(), compiler),
                verdict ? "≥ 20,000/s and ≥ 25 % of raw scan (" + fmt(scan.median / 4) + ")" : "", verdictText);
        coresRow("S3 diag", "cores busy during the rebuild of " + label, cpu);
        row("S3 diag", "CPU per event during the rebuild of " + label + ", by thread or process (as S1's)",
                budget.describe("event", 6), "", "");
    }

    /**
     * Every projection replayed from scratch at once, the way the README's "Replaying from scratch instead" does it
     * for one (a diagnostic since the rebuild of all without downtime carries S3): each of the query side's
     * processors stopped, its tokens reset (its reset handler empties its tables), all started again, timed until
     * every one has replayed to the newest event. The rate is events in the store per second of the whole
     * replay, all processors working at once, beside the rebuilds' over the same raw scan.
     */
    void replayAll(long total, Stats scan, Map<String, Object> s3) throws Exception {
        settle();
        long head = head();
        EventProcessingConfiguration processing = ledger.querySide().getBean(EventProcessingConfiguration.class);
        List<StreamingEventProcessor> processors = processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast).toList();
        processors.forEach(EventProcessor::shutDown);
        Profiler.Cpu cpuBefore = Profiler.Cpu.now();
        long t0 = System.nanoTime();
        for (StreamingEventProcessor processor : processors) {
            processor.resetTokens();
        }
        processors.forEach(EventProcessor::start);
        Map<String, Double> finished = awaitReplays(head, t0, Duration.ofMinutes(60));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> cpu = Profiler.Cpu.now().since(cpuBefore);
        double rate = total / seconds;
        Map<String, Object> replay = new LinkedHashMap<>();
        replay.put("processors", processors.stream().map(EventProcessor::getName).toList());
        replay.put("events", total);
        replay.put("seconds", seconds);
        replay.put("eventsPerSecond", rate);
        replay.put("ratioToRawScan", rate / scan.median);
        replay.put("secondsByProcessor", finished);
        replay.put("cores", cpu);
        s3.put("replayAll", replay);
        StringBuilder each = new StringBuilder();
        finished.forEach((name, at) -> each.append(each.isEmpty() ? "" : ", ").append(String.format("%s %.1f s", name, at)));
        row("S3 diag", String.format("replay of all %d projections from %,d events (tokens reset, with downtime)",
                        processors.size(), total), fmt(rate) + String.format(" events/s (%.1f s: %s)", seconds, each),
                "", pct(rate / scan.median) + " of raw");
        coresRow("S3 diag", "cores busy during the replay of all projections", cpu);
    }

    /** The cores a phase kept busy ({@link Profiler.Cpu#since}): the machine's, split into this JVM, PostgreSQL, rest. */
    private void coresRow(String scenario, String what, Map<String, Object> cpu) {
        double machine = (double) cpu.get("machineBusyCores");
        double jvm = (double) cpu.get("thisJvmCores");
        double postgres = (double) cpu.get("postgresCores");
        row(scenario, what + " (machine: this JVM + PostgreSQL + rest)", String.format("%.2f of %d: %.2f + %.2f + %.2f",
                machine, Runtime.getRuntime().availableProcessors(), jvm, postgres, machine - jvm - postgres), "", "");
    }

    /**
     * Waits until each processor has replayed to {@code head}; answers the seconds since {@code t0} at which each was
     * first seen there. A replay token carries the position it replays up to besides the one it has reached, which
     * {@link #processorPositions} would take for the processor's own; here the reached one counts.
     */
    Map<String, Double> awaitReplays(long head, long t0, Duration atMost) throws Exception {
        Map<String, Double> finished = new java.util.TreeMap<>();
        while (true) {
            Map<String, Long> reached = new LinkedHashMap<>();
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT processor_name, convert_from(token, 'UTF8') FROM read_model.token_entry")) {
                while (rs.next()) {
                    reached.merge(rs.getString(1), replayedTo(rs.getString(2)), Math::min);
                }
            }
            reached.forEach((processor, position) -> {
                if (position >= head) {
                    finished.putIfAbsent(processor, (System.nanoTime() - t0) / 1e9);
                }
            });
            if (!reached.isEmpty() && finished.keySet().containsAll(reached.keySet())) {
                return finished;
            }
            if (System.nanoTime() - t0 > atMost.toNanos()) {
                throw new IllegalStateException("the replay did not reach " + head + ": " + reached);
            }
            Thread.sleep(200);
        }
    }

    private static final Pattern REPLAYED_TO =
            Pattern.compile("\"currentToken\"\\s*:\\s*\\{[^{}]*\"index\"\\s*:\\s*(\\d+)");

    /** The position a token has reached: inside a replay token its current one's (-1 before its first event). */
    static long replayedTo(String token) {
        if (token == null) {
            return -1;
        }
        if (token.contains("\"tokenAtReset\"")) {
            Matcher m = REPLAYED_TO.matcher(token);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
        return highestIndex(token);
    }

    /** The highest position a stored token names (-1 for none). */
    static long highestIndex(String token) {
        long index = -1;
        if (token != null) {
            Matcher m = INDEX.matcher(token);
            while (m.find()) {
                index = Math.max(index, Long.parseLong(m.group(1)));
            }
        }
        return index;
    }

    /**
     * How many relationships the rebuild folded and what their states weigh as stored JSON: what a rebuild holds per
     * state it keeps in memory (ledger.rebuild.max-held-states), before Java's object overhead.
     */
    void stateWeight(Map<String, Object> s3) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), avg(octet_length(state::text)), "
                     + "percentile_cont(0.99) WITHIN GROUP (ORDER BY octet_length(state::text)), "
                     + "max(octet_length(state::text)) FROM read_model.relationship_status")) {
            rs.next();
            s3.put("relationships", rs.getLong(1));
            s3.put("stateJsonBytesMean", rs.getDouble(2));
            s3.put("stateJsonBytesP99", rs.getDouble(3));
            s3.put("stateJsonBytesMax", rs.getLong(4));
            row("S3 diag", String.format("relationships folded: %,d; a state as JSON", rs.getLong(1)),
                    String.format("mean %,.0f B, p99 %,.0f B, max %,d B", rs.getDouble(2), rs.getDouble(3), rs.getLong(4)),
                    "", "");
        }
    }

    // ------------------------------------------------------------------------------------------------- S6

    void s6Growth() throws Exception {
        long target = growthEvents;
        long have = count();
        long f0 = System.nanoTime();
        if (target > have) {
            try (Connection c = connect(); AutoCloseable progress = progressWhile("S6 filling")) {
                generator.bulk(c, "growth", (int) ((target - have) / 100), 100);
            }
        }
        double fillSeconds = (System.nanoTime() - f0) / 1e9;
        long filled = count() - have;
        System.out.printf("S6: inserted %,d events in %.0f s (%,.0f/s); waiting for the projections%n", filled,
                fillSeconds, filled / fillSeconds);
        Duration catchUp = awaitProcessors(head(), Duration.ofHours(3));
        double vacuumSeconds = vacuumAnalyze();
        CommandGateway gateway = ledger.commandSide().getBean(CommandGateway.class);
        Measured load = () -> closedLoop(8, random -> () -> send(gateway, logContact(random)));
        Stats stats = repeat(load);
        Map<String, Object> s1 = castMap(results.get("S1"));
        double empty = (double) castMap(s1.get("gateway8")).get("median");
        Stats alone = gatewayWithQuerySidePaused(gateway);
        double emptyAlone = (double) castMap(s1.get("diagnosticGateway8QuerySidePaused")).get("median");
        profiled("S6 gateway@8", load);
        long stored = count(); // a full count of 10 million rows takes seconds: once
        Map<String, Object> s6 = stats.json();
        s6.put("eventsInStore", stored);
        s6.put("filledEvents", filled);
        s6.put("fillSeconds", fillSeconds);
        s6.put("projectionsAtHeadSecondsAfterFill", catchUp.toMillis() / 1000.0);
        s6.put("vacuumAnalyzeSeconds", vacuumSeconds);
        s6.put("ratioToS1gateway8", stats.median / empty);
        s6.put("diagnosticGateway8QuerySidePaused", alone.json());
        s6.put("diagnosticRatioQuerySidePaused", alone.median / emptyAlone);
        results.put("S6", s6);
        row("S6", String.format("gateway@8 with %,d events stored", stored), stats.describe("cmd/s"),
                "≥ 80 % of S1 gateway@8 (" + fmt(empty) + ")", pct(stats.median / empty)
                        + (stats.median >= 0.8 * empty ? " met" : " MISSED"));
        row("S6 diag", "gateway@8, query side's processors paused, against the same in S1 (" + fmt(emptyAlone) + ")",
                alone.describe("cmd/s"), "", pct(alone.median / emptyAlone));
    }

    // ------------------------------------------------------------------------------------------------- machinery

    // ------------------------------------------------------------------------------------------------- JVMS

    /**
     * S1 over HTTP, S2, S4 and S8 once more with each application in a JVM of its own ({@code -Xmx512m} each), as
     * they are deployed; the load driver stays here. Each application then collects only its own garbage, so the
     * command side's pauses no longer include the query side's and the driver's allocation, and S8 is measured per
     * application. Stops the applications of this JVM first: it runs last.
     */
    void inSeparateJvms() throws Exception {
        Map<String, Object> jvms = new LinkedHashMap<>();
        ledger.close();
        ledger = null;
        try (SeparateJvms apps = SeparateJvms.start(applicationProperties(), appArgs)) {
            commandPort = apps.commandPort();
            queryPort = apps.queryPort();
            jvms.put("heap", SeparateJvms.HEAP);
            // fresh JVMs: their request path is compiled first, as S1 does in this JVM (the first try without this
            // measured the JIT: HTTP@1 between 175 and 426 commands/s)
            JitActivity.WarmUp warmUp = JitActivity.untilQuiet(() -> {
                for (int clients : new int[]{1, 8, 16}) {
                    closedLoop(clients, random -> httpContact(random, new AtomicLong()));
                }
            }, () -> apps.apps().stream().mapToDouble(app -> JitActivity.compilerCpuSeconds(app.process().pid())).sum(),
                    s1WarmUp);
            settle();
            jvms.put("warmUp", warmUp.json());
            row("S1 own JVMs diag", "JIT warm-up of both applications' JVMs", warmUp.describe(), "", "");
            Map<String, Double> gc0 = new LinkedHashMap<>();
            Map<String, Double> cpu0 = new LinkedHashMap<>();
            for (SeparateJvms.App app : apps.apps()) {
                gc0.put(app.name(), SeparateJvms.gcPauseSeconds(app));
                cpu0.put(app.name(), SeparateJvms.cpuSeconds(app));
            }
            long t0 = System.nanoTime();
            double http8 = 0;
            for (int clients : new int[]{1, 8, 16}) {
                AtomicLong failures = new AtomicLong();
                Stats stats = repeat(() -> closedLoop(clients, random -> httpContact(random, failures)));
                jvms.put("http" + clients, throughput("S1 own JVMs", "http", clients, stats, failures.get()));
                if (clients == 8) {
                    http8 = stats.median;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (SeparateJvms.App app : apps.apps()) {
                double gcShare = (SeparateJvms.gcPauseSeconds(app) - gc0.get(app.name())) / seconds;
                double cores = (SeparateJvms.cpuSeconds(app) - cpu0.get(app.name())) / seconds;
                jvms.put(app.name() + "GcPauseShareDuringS1", gcShare);
                jvms.put(app.name() + "CoresDuringS1", cores);
                row("S1 own JVMs", app.name() + ": share of S1's time in GC pauses; cores used",
                        String.format("%.1f %%; %.2f cores", gcShare * 100, cores), "", "");
            }
            double rate = s2Rate(http8);
            latencyAtRate(rate, s2RateOrigin(), " own JVMs", jvms);
            // the query side's background threads run at niceness 10 in both (ledger.processors.niceness); then the
            // same open loop with every thread of the query side's process at niceness 10 (its request, collector and
            // compiler threads too), as a deployment gives the write path the larger CPU weight on shared cores
            SeparateJvms.lowerPriority(apps.apps().get(1), 10);
            Map<String, Object> reniced = new LinkedHashMap<>();
            latencyAtRate(rate, s2RateOrigin(), " own JVMs, whole query side at nice 10", reniced);
            jvms.put("querySideNice10", reniced);
            for (SeparateJvms.App app : apps.apps()) {
                // held: still running after S1 and S2 in its heap (an OutOfMemoryError would have failed requests)
                boolean held = app.process().isAlive();
                double heap = held ? SeparateJvms.heapAfterGc(app) : Double.NaN;
                jvms.put(app.name() + "HeapAfterGcBytes", heap);
                row("S8 own JVMs", app.name() + ": heap in use after a full GC, after S1 and S2 (" + SeparateJvms.HEAP
                                + ")", String.format("%.0f MiB", heap / (1 << 20)), "holds S1 in 512 MiB",
                        held ? "met" : "MISSED (the JVM ended)");
            }
        }
        results.put("JVMS", jvms);
    }

    interface Action {
        void run() throws Exception;
    }

    /** Makes one client's action; {@code random} is that client's own (see {@link #closedLoop}). */
    interface ActionFactory {
        Action create(SplittableRandom random) throws Exception;
    }

    interface Measured {
        double run() throws Exception;
    }

    /** {@code clients} threads each running the action back to back for {@link #run}; answers operations per second. */
    double closedLoop(int clients, ActionFactory factory) throws Exception {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            // each client its own sequence of relationships: with one shared seed (before 2026-12-01) the clients
            // drew the same Zipf ranks in the same order and could fall into step on one aggregate's lock
            actions.add(factory.create(clientSeeds.split()));
        }
        AtomicLong operations = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (Action action : actions) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline[0]) {
                        action.run();
                        operations.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "bench-client-" + threads.size()); // named, so that CpuBudget shows what the clients cost
            t.start();
            threads.add(t);
        }
        long t0 = System.nanoTime();
        deadline[0] = t0 + run.toNanos();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        synchronized (opened) {
            for (Connection c : opened) {
                c.close();
            }
            opened.clear();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("closed loop failed", errors.get(0));
        }
        return operations.get() / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Open loop: requests are due at fixed intervals whatever the answers do; each is measured from its due time
     * (not from when a worker got to it), so a stall shows in the percentiles instead of hiding (coordinated
     * omission).
     */
    void openLoop(double perSecond, Duration warmUp, Duration measure, int workers, OpenLoop.Request request)
            throws Exception {
        OpenLoop.run(perSecond, warmUp, measure, workers, seed, request);
    }

    /**
     * One warm-up run, then {@link #runs} measured runs, each starting from a settled ledger: otherwise a run would
     * be measured while the projections and the chainer still work off the events of the run before it.
     */
    Stats repeat(Measured measured) throws Exception {
        settle();
        measured.run();
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            settle();
            values[i] = measured.run();
        }
        return new Stats(values);
    }

    /** As {@link #repeat} without waiting for the query side (while it is paused). */
    Stats repeatWithoutSettling(Measured measured) throws Exception {
        measured.run();
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = measured.run();
        }
        return new Stats(values);
    }

    /** Waits until every projection and the hash chain have reached the newest event. */
    void settle() throws Exception {
        long head = head();
        awaitProcessors(head, Duration.ofMinutes(30));
        long t0 = System.nanoTime();
        while (chainHead() < head) {
            if (System.nanoTime() - t0 > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("the hash chain did not reach " + head);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Fresh planner statistics after a bulk load, as a DBA runs after an import: until autovacuum gets to the newly
     * filled tables, the planner takes a hot relationship's 2,000 audit entries for a handful and sorts them all
     * for a page of 100 instead of reading the index in order.
     */
    void analyze() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /**
     * After S6's bulk load, what a DBA runs after an import: {@code VACUUM (ANALYZE)}, so that autovacuum's first
     * pass over the freshly filled tables (PostgreSQL vacuums insert-only tables since version 13, for minutes at
     * 10 million rows) does not run during the measurement. Answers the seconds it took.
     */
    double vacuumAnalyze() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("S6: VACUUM (ANALYZE) took %.0f s%n", seconds);
        return seconds;
    }

    long chainHead() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(position), 0) FROM event_store.event_chain")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Stats(double[] values, double median, double min, double max) {
        Stats(double[] values) {
            this(values, sorted(values)[values.length / 2], sorted(values)[0], sorted(values)[values.length - 1]);
        }

        private static double[] sorted(double[] v) {
            double[] c = v.clone();
            java.util.Arrays.sort(c);
            return c;
        }

        String describe(String unit) {
            return fmt(median) + " " + unit + " (" + fmt(min) + "–" + fmt(max) + ")";
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("median", median);
            m.put("min", min);
            m.put("max", max);
            m.put("runs", values);
            return m;
        }

        static Stats fromJson(Map<String, Object> m) {
            return new Stats((double[]) m.get("runs"));
        }
    }

    static long gcPauseMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static Map<String, Object> histogram(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        for (double p : new double[]{50, 95, 99, 99.9}) {
            m.put("p" + p + "Ms", h.getValueAtPercentile(p) / 1000.0);
        }
        m.put("maxMs", h.getMaxValue() / 1000.0);
        return m;
    }

    /**
     * How late the host wakes a thread that sleeps for 1 ms, over 10 s before anything runs. A host that stalls (a
     * busy neighbour, a hypervisor pause) shows here as waking late, and then explains tails that no change of code
     * does.
     */
    Map<String, Object> hostWakeUps() throws InterruptedException {
        WakeUps probe = WakeUps.start();
        Thread.sleep(Duration.ofSeconds(10).toMillis());
        return wakeUpRow("S0 diag", "host: how late a 1 ms sleep wakes up, idle, over 10 s", probe);
    }

    /** Stops the probe, adds its row and answers its JSON. */
    private Map<String, Object> wakeUpRow(String scenario, String what, WakeUps probe) throws InterruptedException {
        Histogram late = probe.stop();
        Map<String, Object> wakeUps = histogram(late);
        wakeUps.put("over5Ms", probe.stalls());
        row(scenario, what, percentiles(late)
                + String.format(", max %.1f ms; %d over 5 ms", late.getMaxValue() / 1000.0, probe.stalls()), "", "");
        return wakeUps;
    }

    /**
     * When the host's kernel writes dirty page cache out: from 10 % of its memory, or once pages are 30 s old, by
     * default. On a host with much memory that lets hundreds of MiB gather and go to the disk in bursts, which a
     * commit's WAL flush waits behind (tenth round): S2's p99 depends on it.
     */
    Map<String, Object> kernelWriteback() {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String name : List.of("dirty_background_bytes", "dirty_background_ratio", "dirty_bytes", "dirty_ratio",
                "dirty_expire_centisecs", "dirty_writeback_centisecs")) {
            try {
                // readAllLines: readString answered the first character only of these zero-sized files
                settings.put(name, Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm", name)).get(0).trim()));
            } catch (IOException | NumberFormatException e) {
                settings.put(name, null); // not Linux, or not readable here
            }
        }
        row("S0 diag", "host: when the kernel writes dirty page cache out (vm.*)", settings.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")), "", "");
        return settings;
    }

    /**
     * How many cores a CPU-bound loop gets from the idle host: the same work on one thread alone, then on one thread
     * per core at once, in alternation, five times. A host that shares its cores with other tenants gives the
     * parallel threads less than a core each, which the wake-up probe above does not show. The work stays in
     * registers: it sees the cores, not the memory that other tenants may share.
     */
    Map<String, Object> hostCores() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        spin(50_000_000L); // compiled before it is timed
        double[] effective = new double[5];
        double[] aloneSeconds = new double[5];
        for (int round = 0; round < effective.length; round++) {
            double alone = timedSpins(1)[0];
            aloneSeconds[round] = alone;
            double sum = 0;
            for (double together : timedSpins(cores)) {
                sum += alone / together;
            }
            effective[round] = sum;
        }
        double[] sorted = effective.clone();
        Arrays.sort(sorted);
        Arrays.sort(aloneSeconds);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", cores);
        result.put("effectiveMedian", sorted[sorted.length / 2]);
        result.put("effectiveMin", sorted[0]);
        result.put("effectiveMax", sorted[sorted.length - 1]);
        result.put("aloneSecondsMin", aloneSeconds[0]);
        result.put("aloneSecondsMax", aloneSeconds[aloneSeconds.length - 1]);
        row("S0 diag", "host: cores a CPU-bound loop gets, idle, one thread per core at once (alone = 1 each)",
                String.format("%.2f of %d (%.2f–%.2f, five rounds); one thread alone %.2f–%.2f s",
                        sorted[sorted.length / 2], cores, sorted[0], sorted[sorted.length - 1], aloneSeconds[0],
                        aloneSeconds[aloneSeconds.length - 1]), "", "");
        return result;
    }

    /** Seconds each of {@code threads} threads took for the same CPU-bound work, all started together. */
    private static double[] timedSpins(int threads) throws InterruptedException {
        double[] seconds = new double[threads];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] spinning = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int index = i;
            spinning[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long t0 = System.nanoTime();
                spin(200_000_000L);
                seconds[index] = (System.nanoTime() - t0) / 1e9;
            });
            spinning[i].start();
        }
        start.countDown();
        for (Thread thread : spinning) {
            thread.join();
        }
        return seconds;
    }

    private static volatile long spinSink;

    /** A linear congruential walk: work the compiler cannot drop or fold. */
    private static void spin(long steps) {
        long x = steps;
        for (long i = 0; i < steps; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        spinSink = x;
    }

    static String percentiles(Histogram h) {
        return String.format("p50 %.1f / p95 %.1f / p99 %.1f / p99.9 %.1f ms (n=%,d)", h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getTotalCount());
    }

    HttpDriver.Reply query(String user, String path) throws IOException, InterruptedException {
        return http.send("GET", queryPort, path, basic(user, user + "-demo"), null);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    long head() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long count() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    /** Waits until every tracking processor of the query side (all segments) has passed {@code position}. */
    Duration awaitProcessors(long position, Duration atMost) throws Exception {
        long t0 = System.nanoTime();
        long reported = t0;
        Map<String, Long> lastReported = Map.of();
        while (true) {
            Map<String, Long> low = processorPositions();
            if (!low.isEmpty() && low.values().stream().allMatch(v -> v >= position)) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            if (System.nanoTime() - t0 > atMost.toNanos()) {
                throw new IllegalStateException("processors did not reach " + position + ": " + low);
            }
            if (System.nanoTime() - reported >= PROGRESS_EVERY.toNanos()) {
                reportProgress(position, low, lastReported, (System.nanoTime() - reported) / 1e9);
                reported = System.nanoTime();
                lastReported = low;
            }
            Thread.sleep(200);
        }
    }

    /** Each processor's position: the lowest over its segments. */
    Map<String, Long> processorPositions() throws SQLException {
        Map<String, Long> low = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT processor_name, convert_from(token, 'UTF8') FROM read_model.token_entry")) {
            while (rs.next()) {
                low.merge(rs.getString(1), highestIndex(rs.getString(2)), Math::min);
            }
        }
        return low;
    }

    /** Prints the processors' progress every minute until closed (S6's fill, which blocks the caller). */
    AutoCloseable progressWhile(String doing) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        timer.scheduleAtFixedRate(() -> {
            try {
                Map<String, Long> now = processorPositions();
                System.out.printf("%s; the store's head at %,d%n", doing, head());
                reportProgress(-1, now, last.getAndSet(now), PROGRESS_EVERY.toSeconds());
            } catch (Exception e) {
                System.out.println("progress not read: " + e);
            }
        }, PROGRESS_EVERY.toSeconds(), PROGRESS_EVERY.toSeconds(), TimeUnit.SECONDS);
        return timer::shutdownNow;
    }

    /** A long wait (S6's catch-up) says every minute how far each processor got, so a stopped run still tells. */
    static final Duration PROGRESS_EVERY = Duration.ofMinutes(1);

    static void reportProgress(long target, Map<String, Long> now, Map<String, Long> before, double seconds) {
        StringBuilder line = new StringBuilder(String.format("%s %s:", Instant.now(),
                target < 0 ? "processors at" : String.format("waiting for %,d, processors at", target)));
        now.forEach((processor, at) -> {
            line.append(String.format(" %s %,d", processor, at));
            Long was = before.get(processor);
            if (was != null) {
                line.append(String.format(" (%,.0f/s)", (at - was) / seconds));
            }
        });
        System.out.println(line);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    void row(String scenario, String what, String measured, String target, String verdict) {
        table.add(new String[]{scenario, what, measured, target, verdict});
        System.out.printf("| %s | %s | %s | %s | %s |%n", scenario, what, measured, target, verdict);
    }

    static String fmt(double v) {
        return String.format("%,.0f", v);
    }

    static String pct(double ratio) {
        return String.format("%.0f %%", ratio * 100);
    }

    void report() throws IOException {
        results.put("finishedAt", Instant.now().toString());
        results.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        StringBuilder md = new StringBuilder("\n| scenario | what | measured (median of 3, min–max) | target | verdict |\n|---|---|---|---|---|\n");
        for (String[] r : table) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        System.out.println(md);
        results.put("table", table);
        if (!profiles.isEmpty()) {
            results.put("profiles", profiles);
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
        System.out.println("JSON written to " + out.toAbsolutePath());
    }
}
