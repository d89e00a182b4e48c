package dev.relationshipledger.command.chain;

import dev.relationshipledger.command.chain.proof.ChainVerifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/**
 * A verification of the chain whose outcome is kept in {@code event_store.chain_verification}, where the
 * verification metrics ({@code ledger_chain_verification_*}) and the alerts on them read it: the API's and the
 * scheduled ones alike. A verification without {@code from} and {@code to} is recorded as {@code whole}: only those
 * put the scheduled one off.
 */
final class RecordedVerification {

    private RecordedVerification() {
    }

    static ChainVerifier.Report run(Connection c, ChainVerifier.Options options) throws SQLException {
        // Stamped with when it started, not when it ended: a verification judges the chain as it was when its
        // snapshot was taken, and the failure alert counts breaks found by other checks after that moment (a whole
        // verification of minutes that ends "intact" must not clear a break a range check found meanwhile).
        OffsetDateTime started;
        try (Statement s = c.createStatement(); ResultSet now = s.executeQuery("SELECT clock_timestamp()")) {
            now.next();
            started = now.getObject(1, OffsetDateTime.class);
        }
        ChainVerifier.Report report = ChainVerifier.verify(c, options);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO event_store.chain_verification (verified_from,"
                + " verified_up_to, intact, first_mismatch, problem, whole, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, report.checkedFrom());
            s.setLong(2, report.checkedTo());
            s.setBoolean(3, report.ok());
            if (report.firstMismatch() == null) {
                s.setNull(4, Types.BIGINT);
                s.setNull(5, Types.VARCHAR);
            } else {
                s.setLong(4, report.firstMismatch().position());
                s.setString(5, String.valueOf(report.firstMismatch().problem()));
            }
            s.setBoolean(6, options.from() == null && options.to() == null);
            s.setObject(7, started);
            s.executeUpdate();
        }
        return report;
    }
}
