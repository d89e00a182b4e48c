package dev.relationshipledger.command.chain;

import dev.relationshipledger.command.chain.proof.ChainLinker;
import dev.relationshipledger.command.chain.proof.ChainVerifier;
import dev.relationshipledger.command.chain.proof.EvidencePack;
import dev.relationshipledger.command.chain.proof.SigningKey;
import dev.relationshipledger.command.chain.proof.StoredEvent;
import dev.relationshipledger.command.web.Problems;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.security.Principal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Evidence packs for a regulator: a relationship's or a negotiation's events, their audit trail and the proof that
 * each is in the chain under a signed checkpoint, as one zip ({@link EvidencePack}).
 */
@RestController
@RequestMapping("/evidence")
public class EvidenceController {

    /** The reputation model whose version the pack records (query side, docs/reputation-model.md). */
    static final String SCORING_MODEL = "v1";
    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final DataSource dataSource;
    private final EventChainer chainer;
    private final DeploymentKey key;
    private final ChainSettings settings;
    private final Clock clock;

    public EvidenceController(DataSource dataSource, EventChainer chainer, DeploymentKey key, ChainSettings settings,
                              Clock clock) {
        this.dataSource = dataSource;
        this.chainer = chainer;
        this.key = key;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping("/relationships/{id}")
    public ResponseEntity<?> relationship(@PathVariable String id, Principal principal) throws SQLException {
        return pack(new EvidencePack.Subject("relationship", id), principal);
    }

    @GetMapping("/negotiations/{id}")
    public ResponseEntity<?> negotiation(@PathVariable String id, Principal principal) throws SQLException {
        return pack(new EvidencePack.Subject("negotiation", id), principal);
    }

    private ResponseEntity<?> pack(EvidencePack.Subject subject, Principal principal) throws SQLException {
        if (!isUuid(subject.id())) {
            ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "id must be a UUID");
            problem.setProperty("errors", List.of(Map.of("field", "id", "message", "must be a UUID")));
            return ResponseEntity.badRequest().body(problem);
        }
        if (key.optional().isEmpty()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "no-signing-key", "this deployment signs nothing: "
                    + "configure ledger.chain.signing-key-file");
        }
        SigningKey signingKey = key.key();
        try (Connection c = dataSource.getConnection()) {
            List<StoredEvent> events = "relationship".equals(subject.kind())
                    ? EvidencePack.relationshipEvents(c, subject.id()) : EvidencePack.negotiationEvents(c, subject.id());
            if (events.isEmpty()) {
                return problem(HttpStatus.NOT_FOUND, "not-found", "no events of " + subject.kind() + " " + subject.id());
            }
            ChainLinker.Head head = ChainLinker.head(c);
            long last = events.get(events.size() - 1).position();
            if (head == null || head.position() < last) {
                return notYet(last);
            }
        }
        chainer.checkpointNow();
        // A pack is issued only for a ledger whose whole chain verifies: a tampered event that no longer names the
        // subject would otherwise simply be missing from the pack.
        try (Connection c = dataSource.getConnection()) {
            ChainVerifier.Report report = ChainVerifier.verify(c, ChainVerifier.Options.whole(signingKey.publicKey()));
            if (!report.ok()) {
                ProblemDetail problem = Problems.problem(HttpStatus.CONFLICT, "ledger-integrity",
                        "The ledger does not match its chain", report.firstMismatch().problem());
                problem.setProperty("position", report.firstMismatch().position());
                return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                List<StoredEvent> events = "relationship".equals(subject.kind())
                        ? EvidencePack.relationshipEvents(c, subject.id()) : EvidencePack.negotiationEvents(c, subject.id());
                List<EvidencePack.Proof> proofs = EvidencePack.prove(c, events, signingKey.keyId());
                byte[] zip = EvidencePack.write(subject, events, proofs, signingKey, clock.instant(), principal.getName(),
                        SCORING_MODEL);
                return ResponseEntity.ok()
                        .contentType(ZIP)
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("evidence-" + subject.kind() + "-" + subject.id() + ".zip").build().toString())
                        .body(zip);
            } catch (EvidencePack.NotProvable e) {
                if (e.integrityProblem()) {
                    ProblemDetail problem = Problems.problem(HttpStatus.CONFLICT, "ledger-integrity",
                            "The ledger does not match its chain", e.getMessage());
                    problem.setProperty("position", e.position());
                    return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
                }
                return notYet(e.position());
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        }
    }

    private ResponseEntity<?> notYet(long position) {
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "not-yet-chained", "Not yet chained",
                "the event at position " + position + " is not yet linked and signed; retry shortly");
        problem.setProperty("position", position);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, settings.gapGrace().toSeconds())))
                .body(problem);
    }

    private static ResponseEntity<?> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).body(Problems.problem(status, type, status.getReasonPhrase(), detail));
    }

    private static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
