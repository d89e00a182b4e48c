package dev.relationshipledger.query.negotiation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain SQL over the negotiation history tables, live or a rebuild's shadow copies: loads one negotiation with its
 * rounds and approvals, and writes what a batch changed. Every write is guarded by position, so re-applying changes
 * nothing.
 */
class NegotiationHistoryTables {

    static final ObjectMapper JSON = LedgerJson.newMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final String suffix;

    /** Over the live tables ({@code ""}) or the shadow tables a rebuild fills ({@code "_next"}). */
    NegotiationHistoryTables(JdbcTemplate jdbc, String suffix) {
        this.jdbc = jdbc;
        this.suffix = suffix;
    }

    /**
     * The statement over this instance's tables: every table name gets the suffix. The live tables (no suffix) are
     * the ones the statements name, so the live projection's batches run them as written.
     */
    private String sql(String statement) {
        return suffix.isEmpty() ? statement
                : statement.replaceAll("read_model\\.(negotiation(_round|_correction|_approval)?)\\b",
                        "read_model.$1" + suffix);
    }

    Optional<NegotiationEntry> load(UUID negotiationId) {
        List<NegotiationEntry> found = jdbc.query(sql("SELECT * FROM read_model.negotiation WHERE negotiation_id = ?"),
                (rs, i) -> header(rs), negotiationId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        NegotiationEntry entry = found.get(0);
        jdbc.query(sql("SELECT * FROM read_model.negotiation_round WHERE negotiation_id = ? ORDER BY round"),
                rs -> {
                    NegotiationEntry.Round round = round(rs);
                    entry.rounds.put(round.round, round);
                }, negotiationId);
        jdbc.query(sql("SELECT * FROM read_model.negotiation_approval WHERE negotiation_id = ? ORDER BY requested_position"),
                rs -> {
                    NegotiationEntry.Approval approval = approval(rs);
                    entry.approvals.put(approval.approvalId, approval);
                }, negotiationId);
        return Optional.of(entry);
    }

    /** Writes the changed headers, rounds, corrections and approvals of a batch (headers first: keys point at them). */
    void saveAll(Collection<NegotiationEntry> entries) {
        List<NegotiationEntry> headers = entries.stream().filter(e -> e.dirty).toList();
        List<NegotiationEntry.Round> rounds = new ArrayList<>();
        List<NegotiationEntry.Correction> corrections = new ArrayList<>();
        List<NegotiationEntry.Approval> approvals = new ArrayList<>();
        for (NegotiationEntry entry : headers) {
            entry.rounds.values().stream().filter(r -> r.changed).forEach(rounds::add);
            corrections.addAll(entry.newCorrections);
            entry.approvals.values().stream().filter(a -> a.changed).forEach(approvals::add);
        }
        jdbc.batchUpdate(sql("""
                INSERT INTO read_model.negotiation AS n
                    (negotiation_id, relationship_id, subject, mandate, status, opened_at, opened_by, concluded_at,
                     concluded_by, outcome, agreed_proposal_id, agreed_terms, conclusion_reason, rounds,
                     time_to_agreement_seconds, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (negotiation_id) DO UPDATE SET
                    status = excluded.status, concluded_at = excluded.concluded_at,
                    concluded_by = excluded.concluded_by, outcome = excluded.outcome,
                    agreed_proposal_id = excluded.agreed_proposal_id, agreed_terms = excluded.agreed_terms,
                    conclusion_reason = excluded.conclusion_reason, rounds = excluded.rounds,
                    time_to_agreement_seconds = excluded.time_to_agreement_seconds,
                    last_position = excluded.last_position
                WHERE n.last_position < excluded.last_position
                """), headers, 200, (ps, n) -> {
            ps.setObject(1, n.negotiationId);
            ps.setObject(2, n.relationshipId);
            ps.setString(3, n.subject);
            ps.setObject(4, jsonb(n.mandate));
            ps.setString(5, n.status.name());
            ps.setTimestamp(6, timestamp(n.openedAt));
            ps.setString(7, n.openedBy);
            ps.setTimestamp(8, timestamp(n.concludedAt));
            ps.setString(9, n.concludedBy);
            ps.setString(10, n.outcome);
            ps.setObject(11, n.agreedProposalId);
            ps.setObject(12, n.agreedTerms == null ? null : jsonb(n.agreedTerms));
            ps.setString(13, n.conclusionReason);
            ps.setInt(14, n.rounds.size());
            ps.setObject(15, n.timeToAgreementSeconds);
            ps.setLong(16, n.lastPosition);
        });
        jdbc.batchUpdate(sql("""
                INSERT INTO read_model.negotiation_round AS r
                    (negotiation_id, round, proposal_id, side, terms, current_terms, made_at, recorded_at, actor,
                     within_mandate, breaches, approval_id, approved_by, approved_at, current_within_mandate,
                     current_breaches, correction_count, seconds_since_previous_round, concession, position,
                     updated_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (negotiation_id, round) DO UPDATE SET
                    current_terms = excluded.current_terms,
                    current_within_mandate = excluded.current_within_mandate,
                    current_breaches = excluded.current_breaches, correction_count = excluded.correction_count,
                    concession = excluded.concession, updated_position = excluded.updated_position
                WHERE r.updated_position < excluded.updated_position
                """), rounds, 200, (ps, r) -> {
            ps.setObject(1, r.negotiationId);
            ps.setInt(2, r.round);
            ps.setObject(3, r.proposalId);
            ps.setString(4, r.side.name());
            ps.setObject(5, jsonb(r.terms));
            ps.setObject(6, jsonb(r.currentTerms));
            ps.setTimestamp(7, timestamp(r.madeAt));
            ps.setTimestamp(8, timestamp(r.recordedAt));
            ps.setString(9, r.actor);
            ps.setBoolean(10, r.withinMandate);
            ps.setObject(11, jsonb(r.breaches));
            ps.setObject(12, r.approvalId);
            ps.setString(13, r.approvedBy);
            ps.setTimestamp(14, timestamp(r.approvedAt));
            ps.setBoolean(15, r.currentWithinMandate);
            ps.setObject(16, jsonb(r.currentBreaches));
            ps.setInt(17, r.correctionCount);
            ps.setObject(18, r.secondsSincePreviousRound);
            ps.setObject(19, r.concession == null ? null : jsonb(r.concession));
            ps.setLong(20, r.position);
            ps.setLong(21, r.updatedPosition);
        });
        jdbc.batchUpdate(sql("""
                INSERT INTO read_model.negotiation_correction
                    (position, negotiation_id, proposal_id, round, side, previous_terms, corrected_terms, reason, actor,
                     recorded_at, within_mandate, breaches, approval_id, approved_by, approved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (position) DO NOTHING
                """), corrections, 200, (ps, c) -> {
            ps.setLong(1, c.position());
            ps.setObject(2, c.negotiationId());
            ps.setObject(3, c.proposalId());
            ps.setInt(4, c.round());
            ps.setString(5, c.side().name());
            ps.setObject(6, jsonb(c.previousTerms()));
            ps.setObject(7, jsonb(c.correctedTerms()));
            ps.setString(8, c.reason());
            ps.setString(9, c.actor());
            ps.setTimestamp(10, timestamp(c.recordedAt()));
            ps.setBoolean(11, c.withinMandate());
            ps.setObject(12, jsonb(c.breaches()));
            ps.setObject(13, c.approvalId());
            ps.setString(14, c.approvedBy());
            ps.setTimestamp(15, timestamp(c.approvedAt()));
        });
        jdbc.batchUpdate(sql("""
                INSERT INTO read_model.negotiation_approval AS a
                    (approval_id, negotiation_id, terms, breaches, justification, requested_by, requested_at,
                     requested_position, status, decided_by, decided_at, comment, used_by_proposal_id,
                     used_by_position, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (approval_id) DO UPDATE SET
                    status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at,
                    comment = excluded.comment, used_by_proposal_id = excluded.used_by_proposal_id,
                    used_by_position = excluded.used_by_position, last_position = excluded.last_position
                WHERE a.last_position < excluded.last_position
                """), approvals, 200, (ps, a) -> {
            ps.setObject(1, a.approvalId);
            ps.setObject(2, a.negotiationId);
            ps.setObject(3, jsonb(a.terms));
            ps.setObject(4, jsonb(a.breaches));
            ps.setString(5, a.justification);
            ps.setString(6, a.requestedBy);
            ps.setTimestamp(7, timestamp(a.requestedAt));
            ps.setLong(8, a.requestedPosition);
            ps.setString(9, a.status);
            ps.setString(10, a.decidedBy);
            ps.setTimestamp(11, timestamp(a.decidedAt));
            ps.setString(12, a.comment);
            ps.setObject(13, a.usedByProposalId);
            ps.setObject(14, a.usedByPosition);
            ps.setLong(15, a.lastPosition);
        });
    }

    void deleteAll() {
        jdbc.update(sql("DELETE FROM read_model.negotiation_correction"));
        jdbc.update(sql("DELETE FROM read_model.negotiation_round"));
        jdbc.update(sql("DELETE FROM read_model.negotiation_approval"));
        jdbc.update(sql("DELETE FROM read_model.negotiation"));
    }

    private static NegotiationEntry header(ResultSet rs) throws SQLException {
        NegotiationEntry entry = new NegotiationEntry(rs.getObject("negotiation_id", UUID.class),
                rs.getObject("relationship_id", UUID.class), rs.getString("subject"),
                read(rs.getString("mandate"), Mandate.class), instant(rs.getTimestamp("opened_at")),
                rs.getString("opened_by"));
        entry.status = NegotiationStatus.valueOf(rs.getString("status"));
        entry.concludedAt = instant(rs.getTimestamp("concluded_at"));
        entry.concludedBy = rs.getString("concluded_by");
        entry.outcome = rs.getString("outcome");
        entry.agreedProposalId = rs.getObject("agreed_proposal_id", UUID.class);
        entry.agreedTerms = read(rs.getString("agreed_terms"), Terms.class);
        entry.conclusionReason = rs.getString("conclusion_reason");
        entry.timeToAgreementSeconds = rs.getObject("time_to_agreement_seconds", Long.class);
        entry.lastPosition = rs.getLong("last_position");
        return entry;
    }

    private static NegotiationEntry.Round round(ResultSet rs) throws SQLException {
        NegotiationEntry.Round round = new NegotiationEntry.Round(
                rs.getObject("negotiation_id", UUID.class), rs.getInt("round"),
                rs.getObject("proposal_id", UUID.class), Side.valueOf(rs.getString("side")),
                read(rs.getString("terms"), Terms.class), instant(rs.getTimestamp("made_at")),
                instant(rs.getTimestamp("recorded_at")), rs.getString("actor"), rs.getBoolean("within_mandate"),
                strings(rs.getString("breaches")), rs.getObject("approval_id", UUID.class),
                rs.getString("approved_by"), instant(rs.getTimestamp("approved_at")), rs.getLong("position"));
        round.currentTerms = read(rs.getString("current_terms"), Terms.class);
        round.currentWithinMandate = rs.getBoolean("current_within_mandate");
        round.currentBreaches = strings(rs.getString("current_breaches"));
        round.correctionCount = rs.getInt("correction_count");
        round.secondsSincePreviousRound = rs.getObject("seconds_since_previous_round", Long.class);
        round.concession = read(rs.getString("concession"), Concession.Result.class);
        round.updatedPosition = rs.getLong("updated_position");
        return round;
    }

    private static NegotiationEntry.Approval approval(ResultSet rs) throws SQLException {
        NegotiationEntry.Approval approval = new NegotiationEntry.Approval(rs.getObject("approval_id", UUID.class),
                rs.getObject("negotiation_id", UUID.class), read(rs.getString("terms"), Terms.class),
                strings(rs.getString("breaches")), rs.getString("justification"), rs.getString("requested_by"),
                instant(rs.getTimestamp("requested_at")), rs.getLong("requested_position"));
        approval.status = rs.getString("status");
        approval.decidedBy = rs.getString("decided_by");
        approval.decidedAt = instant(rs.getTimestamp("decided_at"));
        approval.comment = rs.getString("comment");
        approval.usedByProposalId = rs.getObject("used_by_proposal_id", UUID.class);
        approval.usedByPosition = rs.getObject("used_by_position", Long.class);
        approval.lastPosition = rs.getLong("last_position");
        return approval;
    }

    static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " in the negotiation history", e);
        }
    }

    static List<String> strings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable list in the negotiation history", e);
        }
    }

    static PGobject jsonb(Object value) throws SQLException {
        PGobject json = new PGobject();
        json.setType("jsonb");
        try {
            json.setValue(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return json;
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
