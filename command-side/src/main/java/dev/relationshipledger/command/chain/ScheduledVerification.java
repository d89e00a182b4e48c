package dev.relationshipledger.command.chain;

import dev.relationshipledger.command.chain.proof.ChainVerifier;
import dev.relationshipledger.command.chain.proof.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Verifies the whole chain, with the deployment's key against the stored checkpoints, once the last verification of
 * the whole chain (scheduled, or through {@code GET /chain/verification} without a range) is older than
 * {@code ledger.chain.verify-every}. Its
 * outcome is recorded like the API's, so {@code ledger_chain_verification_*} and the alerts on them
 * (LedgerHashChainVerificationFailed, LedgerHashChainVerificationOverdue) follow it with nobody calling the API. A
 * broken chain is also logged as an error. Across command nodes an advisory lock lets one verify at a time; the
 * others find the fresh verification and skip.
 */
@Component
public class ScheduledVerification {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledVerification.class);
    /** The session advisory lock of the scheduled verification ("LedgerVf" in ASCII). */
    static final long LOCK_KEY = 0x4C65646765725666L;

    private final DataSource dataSource;
    private final ChainSettings settings;
    private final DeploymentKey key;

    public ScheduledVerification(DataSource dataSource, ChainSettings settings, DeploymentKey key) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.key = key;
    }

    @Scheduled(fixedDelayString = "${ledger.chain.verification-check-interval:PT10M}",
            initialDelayString = "${ledger.chain.verification-check-interval:PT10M}")
    public void tick() {
        if (settings.verifyEvery().isZero()) {
            return;
        }
        try {
            verifyIfOlderThan(settings.verifyEvery());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("the scheduled verification of the hash chain failed; trying again at the next check", e);
        }
    }

    /**
     * Verifies the whole chain and records the outcome, unless a verification of the whole chain was recorded within
     * {@code maxAge} or another node is verifying; answers the report when it verified.
     */
    public Optional<ChainVerifier.Report> verifyIfOlderThan(Duration maxAge) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!due(c, maxAge) || !lock(c, "SELECT pg_try_advisory_lock(?)")) {
                return Optional.empty();
            }
            try {
                // Another node may have finished one between the first look and the lock.
                if (!due(c, maxAge)) {
                    return Optional.empty();
                }
                ChainVerifier.Report report = RecordedVerification.run(c,
                        ChainVerifier.Options.whole(key.optional().map(SigningKey::publicKey).orElse(null)));
                if (report.ok()) {
                    LOG.info("scheduled verification: the hash chain is intact over positions {} to {} ({} events, "
                                    + "{} signed checkpoints reproduced){}", report.checkedFrom(), report.checkedTo(),
                            report.eventsChecked(), report.checkpointsVerified(),
                            report.notes().isEmpty() ? "" : "; " + String.join("; ", report.notes()));
                } else {
                    LOG.error("scheduled verification: the hash chain does NOT verify at position {}: {} "
                                    + "(docs/tamper-evidence.md: preserve the database, do not repair rows)",
                            report.firstMismatch().position(), report.firstMismatch().problem());
                }
                return Optional.of(report);
            } finally {
                lock(c, "SELECT pg_advisory_unlock(?)");
            }
        }
    }

    private static boolean due(Connection c, Duration maxAge) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM event_store.chain_verification"
                + " WHERE whole AND verified_at > now() - make_interval(secs => ?))")) {
            s.setDouble(1, maxAge.toMillis() / 1000.0);
            return answer(s);
        }
    }

    private static boolean lock(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, LOCK_KEY);
            return answer(s);
        }
    }

    private static boolean answer(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
