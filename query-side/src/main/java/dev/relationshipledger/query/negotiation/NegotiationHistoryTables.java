package dev.relationshipledger.query.negotiation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.query.rebuild.CopyIn;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
        upsert(UPSERT_HEADER, headers, NegotiationHistoryTables::headerFields);
        upsert(UPSERT_ROUND, rounds, NegotiationHistoryTables::roundFields);
        upsert(INSERT_CORRECTION, corrections, NegotiationHistoryTables::correctionFields);
        upsert(UPSERT_APPROVAL, approvals, NegotiationHistoryTables::approvalFields);
    }

    /**
     * Writes negotiations that are not in the tables yet, every row of them, by one {@code COPY} per table
     * ({@link CopyIn}): for a rebuild filling its empty shadow tables, where one upsert per round had cost
     * PostgreSQL 4.8 s of a rebuild (docs/measurements.md, seventeenth round). Each copy ends before this returns,
     * so a negotiation coming again later is read back like any other.
     */
    void copyAll(Collection<NegotiationEntry> entries) {
        List<NegotiationEntry.Round> rounds = new ArrayList<>();
        List<NegotiationEntry.Correction> corrections = new ArrayList<>();
        List<NegotiationEntry.Approval> approvals = new ArrayList<>();
        for (NegotiationEntry entry : entries) {
            rounds.addAll(entry.rounds.values());
            corrections.addAll(entry.newCorrections);
            approvals.addAll(entry.approvals.values());
        }
        copy("read_model.negotiation", HEADER_COLUMNS, entries, NegotiationHistoryTables::headerFields);
        copy("read_model.negotiation_round", ROUND_COLUMNS, rounds, NegotiationHistoryTables::roundFields);
        copy("read_model.negotiation_correction", CORRECTION_COLUMNS, corrections,
                NegotiationHistoryTables::correctionFields);
        copy("read_model.negotiation_approval", APPROVAL_COLUMNS, approvals, NegotiationHistoryTables::approvalFields);
    }

    // The columns of each table in the order its row layout below gives them; an upsert and a copy share both.
    private static final String HEADER_COLUMNS = """
            negotiation_id, relationship_id, subject, mandate, status, opened_at, opened_by, concluded_at, \
            concluded_by, outcome, agreed_proposal_id, agreed_terms, conclusion_reason, rounds, \
            time_to_agreement_seconds, last_position""";
    private static final String ROUND_COLUMNS = """
            negotiation_id, round, proposal_id, side, terms, current_terms, made_at, recorded_at, actor, \
            within_mandate, breaches, approval_id, approved_by, approved_at, current_within_mandate, \
            current_breaches, correction_count, seconds_since_previous_round, concession, position, \
            updated_position""";
    private static final String CORRECTION_COLUMNS = """
            position, negotiation_id, proposal_id, round, side, previous_terms, corrected_terms, reason, actor, \
            recorded_at, within_mandate, breaches, approval_id, approved_by, approved_at""";
    private static final String APPROVAL_COLUMNS = """
            approval_id, negotiation_id, terms, breaches, justification, requested_by, requested_at, \
            requested_position, status, decided_by, decided_at, comment, used_by_proposal_id, used_by_position, \
            last_position""";

    // Formatted once: the live projection runs them at every batch.
    private static final String UPSERT_HEADER = """
                INSERT INTO read_model.negotiation AS n (%s) VALUES (%s)
                ON CONFLICT (negotiation_id) DO UPDATE SET
                    status = excluded.status, concluded_at = excluded.concluded_at,
                    concluded_by = excluded.concluded_by, outcome = excluded.outcome,
                    agreed_proposal_id = excluded.agreed_proposal_id, agreed_terms = excluded.agreed_terms,
                    conclusion_reason = excluded.conclusion_reason, rounds = excluded.rounds,
                    time_to_agreement_seconds = excluded.time_to_agreement_seconds,
                    last_position = excluded.last_position
                WHERE n.last_position < excluded.last_position
                """.formatted(HEADER_COLUMNS, parameters(HEADER_COLUMNS));
    private static final String UPSERT_ROUND = """
                INSERT INTO read_model.negotiation_round AS r (%s) VALUES (%s)
                ON CONFLICT (negotiation_id, round) DO UPDATE SET
                    current_terms = excluded.current_terms,
                    current_within_mandate = excluded.current_within_mandate,
                    current_breaches = excluded.current_breaches, correction_count = excluded.correction_count,
                    concession = excluded.concession, updated_position = excluded.updated_position
                WHERE r.updated_position < excluded.updated_position
                """.formatted(ROUND_COLUMNS, parameters(ROUND_COLUMNS));
    private static final String INSERT_CORRECTION = """
                INSERT INTO read_model.negotiation_correction (%s) VALUES (%s)
                ON CONFLICT (position) DO NOTHING
                """.formatted(CORRECTION_COLUMNS, parameters(CORRECTION_COLUMNS));
    private static final String UPSERT_APPROVAL = """
                INSERT INTO read_model.negotiation_approval AS a (%s) VALUES (%s)
                ON CONFLICT (approval_id) DO UPDATE SET
                    status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at,
                    comment = excluded.comment, used_by_proposal_id = excluded.used_by_proposal_id,
                    used_by_position = excluded.used_by_position, last_position = excluded.last_position
                WHERE a.last_position < excluded.last_position
                """.formatted(APPROVAL_COLUMNS, parameters(APPROVAL_COLUMNS));

    private static void headerFields(NegotiationEntry n, Fields row) throws SQLException {
        row.value(n.negotiationId).value(n.relationshipId).text(n.subject).json(n.mandate).text(n.status.name())
                .time(n.openedAt).text(n.openedBy).time(n.concludedAt).text(n.concludedBy).text(n.outcome)
                .value(n.agreedProposalId).json(n.agreedTerms).text(n.conclusionReason).value(n.rounds.size())
                .value(n.timeToAgreementSeconds).value(n.lastPosition);
    }

    private static void roundFields(NegotiationEntry.Round r, Fields row) throws SQLException {
        row.value(r.negotiationId).value(r.round).value(r.proposalId).text(r.side.name()).json(r.terms)
                .json(r.currentTerms).time(r.madeAt).time(r.recordedAt).text(r.actor).value(r.withinMandate)
                .json(r.breaches).value(r.approvalId).text(r.approvedBy).time(r.approvedAt)
                .value(r.currentWithinMandate).json(r.currentBreaches).value(r.correctionCount)
                .value(r.secondsSincePreviousRound).json(r.concession).value(r.position).value(r.updatedPosition);
    }

    private static void correctionFields(NegotiationEntry.Correction c, Fields row) throws SQLException {
        row.value(c.position()).value(c.negotiationId()).value(c.proposalId()).value(c.round())
                .text(c.side().name()).json(c.previousTerms()).json(c.correctedTerms()).text(c.reason())
                .text(c.actor()).time(c.recordedAt()).value(c.withinMandate()).json(c.breaches())
                .value(c.approvalId()).text(c.approvedBy()).time(c.approvedAt());
    }

    private static void approvalFields(NegotiationEntry.Approval a, Fields row) throws SQLException {
        row.value(a.approvalId).value(a.negotiationId).json(a.terms).json(a.breaches).text(a.justification)
                .text(a.requestedBy).time(a.requestedAt).value(a.requestedPosition).text(a.status)
                .text(a.decidedBy).time(a.decidedAt).text(a.comment).value(a.usedByProposalId)
                .value(a.usedByPosition).value(a.lastPosition);
    }

    /** How a table's row is given, field by field in its columns' order. */
    private interface Layout<T> {
        void write(T row, Fields fields) throws SQLException;
    }

    /** The fields of one row, as statement parameters or as a copied row. */
    private interface Fields {
        /** A uuid, number or boolean; null is NULL. */
        Fields value(Object value) throws SQLException;

        /** Text; null is NULL (a parameter typed as text even then, so a batch's statement keeps its types). */
        Fields text(String value) throws SQLException;

        /** A jsonb value; null is NULL. */
        Fields json(Object value) throws SQLException;

        Fields time(Instant value) throws SQLException;
    }

    private static String parameters(String columns) {
        return String.join(", ", Collections.nCopies(columns.split(",").length, "?"));
    }

    private <T> void upsert(String statement, List<T> rows, Layout<T> layout) {
        jdbc.batchUpdate(sql(statement), rows, 200, (ps, row) -> layout.write(row, new Parameters(ps)));
    }

    private <T> void copy(String table, String columns, Collection<T> rows, Layout<T> layout) {
        if (rows.isEmpty()) {
            return;
        }
        CopyIn copy = CopyIn.into(jdbc, sql(table), columns);
        try {
            Fields copied = new CopiedFields(copy);
            for (T row : rows) {
                layout.write(row, copied);
                copy.endRow();
            }
        } catch (SQLException | RuntimeException e) {
            copy.abandon();
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("could not copy into " + table + ": " + e.getMessage(), e);
        }
        copy.end();
    }

    private static final class Parameters implements Fields {
        private final PreparedStatement statement;
        private int index;

        Parameters(PreparedStatement statement) {
            this.statement = statement;
        }

        @Override
        public Fields value(Object value) throws SQLException {
            statement.setObject(++index, value);
            return this;
        }

        @Override
        public Fields text(String value) throws SQLException {
            statement.setString(++index, value);
            return this;
        }

        @Override
        public Fields json(Object value) throws SQLException {
            statement.setObject(++index, value == null ? null : jsonb(value));
            return this;
        }

        @Override
        public Fields time(Instant value) throws SQLException {
            statement.setTimestamp(++index, timestamp(value));
            return this;
        }
    }

    private record CopiedFields(CopyIn copy) implements Fields {
        @Override
        public Fields value(Object value) {
            copy.field(value);
            return this;
        }

        @Override
        public Fields text(String value) {
            copy.field(value);
            return this;
        }

        @Override
        public Fields json(Object value) {
            copy.field(value == null ? null : NegotiationHistoryTables.json(value));
            return this;
        }

        @Override
        public Fields time(Instant value) {
            copy.field(value);
            return this;
        }
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
        PGobject jsonb = new PGobject();
        jsonb.setType("jsonb");
        jsonb.setValue(json(value));
        return jsonb;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
