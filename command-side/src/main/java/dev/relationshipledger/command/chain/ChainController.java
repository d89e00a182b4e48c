package dev.relationshipledger.command.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relationshipledger.command.chain.proof.ChainVerifier;
import dev.relationshipledger.command.chain.proof.Checkpoint;
import dev.relationshipledger.command.chain.proof.SigningKey;
import dev.relationshipledger.command.web.Problems;
import dev.relationshipledger.kernel.validation.InvalidValue;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import javax.sql.DataSource;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chain as compliance officers and administrators check it: verification of the whole chain or a range, the
 * signed checkpoints (to anchor elsewhere), and the public key that checks them.
 */
@RestController
@RequestMapping("/chain")
public class ChainController {

    /** The most checkpoints one listing returns. */
    static final int MAX_CHECKPOINTS = 1000;

    private final DataSource dataSource;
    private final DeploymentKey key;

    public ChainController(DataSource dataSource, DeploymentKey key) {
        this.dataSource = dataSource;
        this.key = key;
    }

    /** The answer of {@code GET /chain/verification}; {@code firstMismatch} is null when the chain is intact. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Verification(boolean ok, long checkedFrom, long checkedTo, long eventsChecked,
                               ChainVerifier.Mismatch firstMismatch, Long chainHead, int checkpointsVerified,
                               long unchainedTail, List<String> notes) {
    }

    @GetMapping("/verification")
    public ResponseEntity<?> verify(@RequestParam(required = false) Long from, @RequestParam(required = false) Long to,
                                    HttpServletRequest request) throws SQLException {
        refuseUnknownParameters(request, Set.of("from", "to"));
        if (from != null && from < 1 || to != null && to < 1 || from != null && to != null && to < from) {
            return ResponseEntity.badRequest().body(badRange());
        }
        PublicKey publicKey = key.optional().map(SigningKey::publicKey).orElse(null);
        ChainVerifier.Report report;
        try (Connection c = dataSource.getConnection()) {
            report = RecordedVerification.run(c, new ChainVerifier.Options(from, to, publicKey, List.of(), true));
        }
        return ResponseEntity.ok(new Verification(report.ok(), report.checkedFrom(), report.checkedTo(),
                report.eventsChecked(), report.firstMismatch(), report.chainHead(), report.checkpointsVerified(),
                report.unchainedTail(), report.notes()));
    }

    /** Signed checkpoints, newest first, in their export form. */
    @GetMapping("/checkpoints")
    public List<ObjectNode> checkpoints(@RequestParam(defaultValue = "100") int limit, HttpServletRequest request)
            throws SQLException {
        refuseUnknownParameters(request, Set.of("limit"));
        if (limit < 1 || limit > MAX_CHECKPOINTS) {
            throw InvalidValue.of("limit", "must be between 1 and " + MAX_CHECKPOINTS);
        }
        try (Connection c = dataSource.getConnection()) {
            return Checkpoint.newest(c, limit).stream().map(checkpoint -> checkpoint.toJson(null)).toList();
        }
    }

    /** The public key that checks checkpoints and evidence packs: PEM and JWK. */
    @GetMapping("/public-key")
    public ResponseEntity<?> publicKey() {
        return key.optional()
                .<ResponseEntity<?>>map(k -> ResponseEntity.ok(Map.of("keyId", k.keyId(), "algorithm", SigningKey.ALGORITHM,
                        "pem", k.publicPem(), "jwk", SigningKey.jwk(k.publicKey()))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.problem(HttpStatus.NOT_FOUND,
                        "no-signing-key", "No signing key", "this deployment has no ledger.chain.signing-key-file")));
    }

    private static ProblemDetail badRange() {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "from and to are positions >= 1, with from <= to");
        problem.setProperty("errors", List.of(Map.of("field", "from", "message", "must be >= 1 and <= to")));
        return problem;
    }

    /** A parameter this endpoint does not know is refused, not ignored: the client meant something by it. */
    private static void refuseUnknownParameters(HttpServletRequest request, Set<String> known) {
        request.getParameterMap().keySet().stream().filter(name -> !known.contains(name)).sorted().findFirst()
                .ifPresent(name -> {
                    throw InvalidValue.of(name, "is not a known parameter; known are " + new TreeSet<>(known));
                });
    }
}
