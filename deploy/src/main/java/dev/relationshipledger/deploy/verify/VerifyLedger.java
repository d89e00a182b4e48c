package dev.relationshipledger.deploy.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.relationshipledger.command.chain.proof.ChainVerifier;
import dev.relationshipledger.command.chain.proof.Checkpoint;
import dev.relationshipledger.command.chain.proof.EvidencePack;
import dev.relationshipledger.command.chain.proof.SigningKey;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The offline verifier: checks the ledger's hash chain in a database, or an evidence pack, with no application
 * running (plain Java over the same code the command side uses; no Spring). See docs/tamper-evidence.md.
 *
 * <pre>
 * java -cp relationship-ledger.jar -Dloader.main=dev.relationshipledger.deploy.verify.VerifyLedger \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --db jdbc:postgresql://host/ledger --user ledger_verifier \
 *      [--from N] [--to N] [--checkpoint checkpoint.json ...] [--public-key key.pem]
 * ... --pack evidence.zip [--public-key key.pem]
 * </pre>
 *
 * Exit codes: 0 intact, 1 tampered (the first bad position is printed), 2 usage error, 3 could not check (database
 * unreachable, file unreadable, a file that is not an evidence pack, a public key that signed none of the stored
 * checkpoints or not the checkpoint given). The database password comes from the environment variable
 * {@code LEDGER_VERIFY_PASSWORD} or {@code --password-file}, never from the command line.
 */
public final class VerifyLedger {

    public static final int INTACT = 0;
    public static final int TAMPERED = 1;
    public static final int USAGE = 2;
    public static final int COULD_NOT_CHECK = 3;
    static final String USAGE_TEXT = """
            usage: VerifyLedger --db <jdbc url> --user <login> [--password-file <file>] [--from <position>] [--to <position>]
                                [--checkpoint <checkpoint.json>]... [--public-key <key.pem>] [--json]
                   VerifyLedger --pack <evidence.zip> [--public-key <key.pem>] [--json]
              --db          the ledger's database (the login needs SELECT on event_store: ledger_event_reader)
              --checkpoint  a signed checkpoint kept outside the database (needs --public-key); repeatable
              --public-key  the deployment's public key (PEM); checkpoints in the database are checked with it
              --pack        an evidence pack (zip) to check offline
            password: LEDGER_VERIFY_PASSWORD environment variable, or --password-file
            exit codes: 0 intact, 1 tampered (first bad position printed), 2 usage error, 3 could not check (database
                        unreachable, file unreadable, not an evidence pack, a public key that signed no stored checkpoint)
            """;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerifyLedger() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv("LEDGER_VERIFY_PASSWORD")));
    }

    /** The verifier without exiting: answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, String passwordFromEnvironment) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("VerifyLedger: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        if (arguments.help) {
            out.print(USAGE_TEXT);
            return INTACT;
        }
        try {
            PublicKey key = arguments.publicKey == null ? null : SigningKey.readPublicKey(arguments.publicKey);
            return arguments.pack != null
                    ? checkPack(arguments, key, out, err)
                    : checkDatabase(arguments, key, out, err, password(arguments, passwordFromEnvironment));
        } catch (SQLException e) {
            err.println("VerifyLedger: could not check the database: " + e.getMessage());
            return COULD_NOT_CHECK;
        } catch (UncheckedIOException | IOException e) {
            err.println("VerifyLedger: could not read a file: " + e.getMessage());
            return COULD_NOT_CHECK;
        } catch (IllegalArgumentException e) {
            err.println("VerifyLedger: " + e.getMessage());
            return USAGE;
        }
    }

    private static int checkDatabase(Arguments arguments, PublicKey key, PrintStream out, PrintStream err, String password)
            throws SQLException, IOException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (Path file : arguments.checkpoints) {
            Checkpoint checkpoint = Checkpoint.readFile(file);
            // Signed by another key than the one given: the two files the operator chose do not belong together,
            // which says nothing about the database. (Same key id, invalid signature: forged, judged below.)
            if (!checkpoint.keyId().equals(SigningKey.keyIdOf(key))) {
                err.println("VerifyLedger: could not check: the checkpoint " + file + " is signed by key "
                        + checkpoint.keyId() + ", --public-key " + arguments.publicKey + " is key "
                        + SigningKey.keyIdOf(key) + "; give the deployment's public key (GET /chain/public-key)");
                return COULD_NOT_CHECK;
            }
            checkpoints.add(checkpoint);
        }
        Properties properties = new Properties();
        properties.setProperty("user", arguments.user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "ledger-verifier");
        properties.setProperty("readOnly", "true");
        ChainVerifier.Report report;
        String unsigned = null;
        try (Connection c = DriverManager.getConnection(arguments.db, properties)) {
            report = ChainVerifier.verify(c, new ChainVerifier.Options(arguments.from, arguments.to, key, checkpoints, true));
            if (key != null && report.ok()) {
                unsigned = noneSignedBy(key, arguments.publicKey, Checkpoint.all(c));
            }
        }
        if (arguments.json) {
            com.fasterxml.jackson.databind.node.ObjectNode json = JSON.valueToTree(report);
            if (unsigned != null) {
                // a script reading "ok" must not take a chain whose signatures went unchecked for intact
                json.put("ok", false).put("verified", false).put("problem", "could not check its signatures: " + unsigned);
            }
            out.println(JSON.writeValueAsString(json));
        } else {
            out.println("ledger chain: " + (unsigned != null ? "NOT VERIFIED (could not check its signatures)"
                    : report.ok() ? "INTACT" : "TAMPERED"));
            out.printf("checked positions %d..%d: %d events, %d signed checkpoint(s) matched, chain head %s, %d event(s) not yet linked%n",
                    report.checkedFrom(), report.checkedTo(), report.eventsChecked(), report.checkpointsVerified(),
                    report.chainHead() == null ? "-" : report.chainHead(), report.unchainedTail());
            if (report.firstMismatch() != null) {
                out.println("FIRST MISMATCH at position " + report.firstMismatch().position() + ": " + report.firstMismatch().problem());
            }
            report.notes().forEach(note -> out.println("note: " + note));
        }
        if (unsigned != null) {
            err.println("VerifyLedger: could not check the signatures: " + unsigned);
            return COULD_NOT_CHECK;
        }
        return report.ok() ? INTACT : TAMPERED;
    }

    /**
     * Why the stored checkpoints could not be checked with the key the operator named: there are some, and none is
     * signed by it (a wrong key file, or checkpoints replaced by someone holding another key). The chain's links are
     * plain hashes anyone can recompute; without a signature checked nothing proves them, so this is not "intact".
     * Null when at least one stored checkpoint carries the key's id (checkpoints of an older key are then noted in
     * the report, not used), or when there are none yet.
     */
    static String noneSignedBy(PublicKey key, Path keyFile, List<Checkpoint> stored) {
        String keyId = SigningKey.keyIdOf(key);
        if (stored.isEmpty() || stored.stream().anyMatch(checkpoint -> keyId.equals(checkpoint.keyId()))) {
            return null;
        }
        return "none of the " + stored.size() + " stored checkpoint(s) is signed by the key given (--public-key "
                + keyFile + ", key " + keyId + "); they are signed by key(s) "
                + String.join(", ", stored.stream().map(Checkpoint::keyId).distinct().toList())
                + ". Give the deployment's public key (GET /chain/public-key names its id); if it is the right key, "
                + "the stored checkpoints were replaced";
    }

    private static int checkPack(Arguments arguments, PublicKey key, PrintStream out, PrintStream err) throws IOException {
        byte[] file = Files.readAllBytes(arguments.pack);
        Optional<String> notAPack = EvidencePack.whyNotAPack(file);
        if (notAPack.isPresent()) {
            err.println("VerifyLedger: could not check " + arguments.pack + ": it is not an evidence pack ("
                    + notAPack.get() + "). A download that failed saves the server's answer instead of the pack: "
                    + "download it again (GET /evidence/...) and check that it answered 200");
            return COULD_NOT_CHECK;
        }
        EvidencePack.PackReport report = EvidencePack.verify(file, key);
        if (arguments.json) {
            out.println(JSON.writeValueAsString(report));
        } else {
            out.println("evidence pack " + arguments.pack.getFileName() + ": " + (report.ok() ? "INTACT" : "NOT INTACT"));
            out.printf("subject %s, key %s: %d events proven by %d signed checkpoint(s)%n", report.subject(), report.keyId(),
                    report.eventsChecked(), report.proofsChecked());
            if (!report.ok()) {
                out.println(report.position() == null ? "PROBLEM: " + report.problem()
                        : "FIRST MISMATCH at position " + report.position() + ": " + report.problem());
            }
            report.notes().forEach(note -> out.println("note: " + note));
        }
        return report.ok() ? INTACT : TAMPERED;
    }

    private static String password(Arguments arguments, String fromEnvironment) throws IOException {
        if (arguments.passwordFile != null) {
            return Files.readString(arguments.passwordFile, StandardCharsets.UTF_8).strip();
        }
        return fromEnvironment;
    }

    private static final class Arguments {
        String db;
        String user;
        Path passwordFile;
        Long from;
        Long to;
        final List<Path> checkpoints = new ArrayList<>();
        Path publicKey;
        Path pack;
        boolean json;
        boolean help;

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--help", "-h" -> a.help = true;
                    case "--json" -> a.json = true;
                    case "--db" -> a.db = value(args, ++i, option);
                    case "--user" -> a.user = value(args, ++i, option);
                    case "--password-file" -> a.passwordFile = Path.of(value(args, ++i, option));
                    case "--from" -> a.from = position(value(args, ++i, option), option);
                    case "--to" -> a.to = position(value(args, ++i, option), option);
                    case "--checkpoint" -> a.checkpoints.add(Path.of(value(args, ++i, option)));
                    case "--public-key" -> a.publicKey = Path.of(value(args, ++i, option));
                    case "--pack" -> a.pack = Path.of(value(args, ++i, option));
                    default -> throw new IllegalArgumentException("unknown argument " + option);
                }
            }
            if (a.help) {
                return a;
            }
            if ((a.pack == null) == (a.db == null)) {
                throw new IllegalArgumentException("give either --db or --pack");
            }
            if (a.pack != null && (a.user != null || a.from != null || a.to != null || !a.checkpoints.isEmpty())) {
                throw new IllegalArgumentException("--pack takes only --public-key and --json");
            }
            if (a.db != null && a.user == null) {
                throw new IllegalArgumentException("--db needs --user");
            }
            if (!a.checkpoints.isEmpty() && a.publicKey == null) {
                throw new IllegalArgumentException("--checkpoint needs --public-key: a checkpoint proves nothing without the key that signed it");
            }
            if (a.from != null && a.to != null && a.to < a.from) {
                throw new IllegalArgumentException("--to must not be before --from");
            }
            return a;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length || args[index].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static long position(String value, String option) {
            try {
                long position = Long.parseLong(value);
                if (position < 1) {
                    throw new NumberFormatException();
                }
                return position;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a position >= 1, not " + value);
            }
        }
    }
}
