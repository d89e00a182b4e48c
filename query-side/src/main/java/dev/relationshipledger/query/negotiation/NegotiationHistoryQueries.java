package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.query.negotiation.NegotiationViews.Approval;
import dev.relationshipledger.query.negotiation.NegotiationViews.ApprovalUsed;
import dev.relationshipledger.query.negotiation.NegotiationViews.Correction;
import dev.relationshipledger.query.negotiation.NegotiationViews.Header;
import dev.relationshipledger.query.negotiation.NegotiationViews.History;
import dev.relationshipledger.query.negotiation.NegotiationViews.MandateCheck;
import dev.relationshipledger.query.negotiation.NegotiationViews.Round;
import dev.relationshipledger.query.status.ResponsibleManagers;
import dev.relationshipledger.query.web.Cursor;
import dev.relationshipledger.query.web.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.relationshipledger.query.negotiation.NegotiationHistoryTables.instant;
import static dev.relationshipledger.query.negotiation.NegotiationHistoryTables.read;
import static dev.relationshipledger.query.negotiation.NegotiationHistoryTables.strings;

/** Answers the negotiation history API from its tables; every query is bounded. */
@Repository
public class NegotiationHistoryQueries {

    /** Corrections answered per negotiation at most (rounds and approvals are bounded by the aggregate, 200 each). */
    static final int MAX_CORRECTIONS = 2000;

    private static final RowMapper<Header> HEADER = (rs, i) -> header(rs);

    private final JdbcTemplate jdbc;

    public NegotiationHistoryQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Header> header(UUID negotiationId) {
        return jdbc.query("SELECT * FROM read_model.negotiation WHERE negotiation_id = ?", HEADER, negotiationId)
                .stream().findFirst();
    }

    /** The rounds in order with their corrections beside them, and the approvals in the order requested. */
    public History history(Header header) {
        UUID id = UUID.fromString(header.negotiationId());
        List<Approval> approvals = jdbc.query("""
                SELECT * FROM read_model.negotiation_approval WHERE negotiation_id = ?
                ORDER BY requested_position LIMIT 1000""", (rs, i) -> approval(rs), id);
        Map<String, Approval> approvalsById = new HashMap<>();
        approvals.forEach(a -> approvalsById.put(a.approvalId(), a));

        List<CorrectionRow> correctionRows = jdbc.query("""
                SELECT * FROM read_model.negotiation_correction WHERE negotiation_id = ?
                ORDER BY position LIMIT ?""", (rs, i) -> new CorrectionRow(rs.getString("proposal_id"),
                correction(rs, approvalsById)), id, MAX_CORRECTIONS + 1);
        boolean truncated = correctionRows.size() > MAX_CORRECTIONS;
        Map<String, List<Correction>> corrections = new LinkedHashMap<>();
        correctionRows.stream().limit(MAX_CORRECTIONS).forEach(c ->
                corrections.computeIfAbsent(c.proposalId(), k -> new ArrayList<>()).add(c.correction()));

        List<Round> rounds = jdbc.query("""
                SELECT * FROM read_model.negotiation_round WHERE negotiation_id = ?
                ORDER BY round LIMIT 1000""", (rs, i) -> round(rs, approvalsById, corrections), id);
        return new History(header, rounds, approvals, truncated);
    }

    /**
     * Headers matching the query, one page; {@code responsible} non-null restricts to relationships that user owns or
     * was delegated.
     */
    public Page<Header> list(NegotiationListQuery query, String responsible) {
        StringBuilder sql = new StringBuilder("SELECT n.*, (" + query.sort().expression
                + ") AS sort_value FROM read_model.negotiation n WHERE true");
        List<Object> args = new ArrayList<>();
        if (query.relationshipId() != null) {
            sql.append(" AND relationship_id = ?");
            args.add(query.relationshipId());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            args.add(query.status().name());
        }
        if (responsible != null) {
            sql.append(" AND ").append(ResponsibleManagers.responsibleFor("relationship_id"));
            args.add(responsible);
            args.add(responsible);
        }
        String direction = query.descending() ? "DESC" : "ASC";
        if (query.after() != null) {
            sql.append(" AND (").append(query.sort().expression).append(", negotiation_id) ")
                    .append(query.descending() ? "<" : ">").append(" (?, ?)");
            args.add(query.afterValue());
            args.add(query.afterId());
        }
        sql.append(" ORDER BY ").append(query.sort().expression).append(' ').append(direction)
                .append(", negotiation_id ").append(direction).append(" LIMIT ?");
        args.add(query.limit() + 1);
        List<Row> rows = jdbc.query(sql.toString(), (rs, i) -> new Row(header(rs), sortValue(query, rs)),
                args.toArray());
        boolean more = rows.size() > query.limit();
        List<Row> page = more ? rows.subList(0, query.limit()) : rows;
        String next = null;
        if (more) {
            Row last = page.get(page.size() - 1);
            next = new Cursor(query.sortName(), last.sortValue(), last.header().negotiationId()).encode();
        }
        return new Page<>(page.stream().map(Row::header).toList(), next, query.limit());
    }

    private static String sortValue(NegotiationListQuery query, ResultSet rs) throws SQLException {
        return switch (query.sort()) {
            case openedAt -> rs.getTimestamp("sort_value").toInstant().toString();
            case subject -> rs.getString("sort_value");
            case rounds -> Integer.toString(rs.getInt("sort_value"));
        };
    }

    private record Row(Header header, String sortValue) {
    }

    private record CorrectionRow(String proposalId, Correction correction) {
    }

    private static Header header(ResultSet rs) throws SQLException {
        return new Header(rs.getString("negotiation_id"), rs.getString("relationship_id"), rs.getString("subject"),
                read(rs.getString("mandate"), Mandate.class), NegotiationStatus.valueOf(rs.getString("status")),
                instant(rs.getTimestamp("opened_at")), rs.getString("opened_by"),
                instant(rs.getTimestamp("concluded_at")), rs.getString("concluded_by"), rs.getString("outcome"),
                rs.getString("agreed_proposal_id"), read(rs.getString("agreed_terms"), Terms.class),
                rs.getString("conclusion_reason"), rs.getInt("rounds"),
                rs.getObject("time_to_agreement_seconds", Long.class), rs.getLong("last_position"));
    }

    private static Round round(ResultSet rs, Map<String, Approval> approvals,
                               Map<String, List<Correction>> corrections) throws SQLException {
        String proposalId = rs.getString("proposal_id");
        return new Round(rs.getInt("round"), proposalId, rs.getString("side"), instant(rs.getTimestamp("made_at")),
                instant(rs.getTimestamp("recorded_at")), rs.getString("actor"), read(rs.getString("terms"), Terms.class),
                read(rs.getString("current_terms"), Terms.class), rs.getInt("correction_count") > 0,
                new MandateCheck(rs.getBoolean("within_mandate"), strings(rs.getString("breaches"))),
                new MandateCheck(rs.getBoolean("current_within_mandate"), strings(rs.getString("current_breaches"))),
                approvalUsed(rs, approvals), rs.getObject("seconds_since_previous_round", Long.class),
                read(rs.getString("concession"), Concession.Result.class), rs.getLong("position"),
                corrections.getOrDefault(proposalId, List.of()));
    }

    private static Correction correction(ResultSet rs, Map<String, Approval> approvals) throws SQLException {
        return new Correction(rs.getLong("position"), read(rs.getString("previous_terms"), Terms.class),
                read(rs.getString("corrected_terms"), Terms.class), rs.getString("reason"), rs.getString("actor"),
                instant(rs.getTimestamp("recorded_at")),
                new MandateCheck(rs.getBoolean("within_mandate"), strings(rs.getString("breaches"))),
                approvalUsed(rs, approvals));
    }

    /** The approval fields of the event (who granted, when), with the request's who and why from the approval row. */
    private static ApprovalUsed approvalUsed(ResultSet rs, Map<String, Approval> approvals) throws SQLException {
        String approvalId = rs.getString("approval_id");
        if (approvalId == null) {
            return null;
        }
        Approval approval = approvals.get(approvalId);
        return new ApprovalUsed(approvalId, approval == null ? null : approval.requestedBy(),
                approval == null ? null : approval.justification(), rs.getString("approved_by"),
                instant(rs.getTimestamp("approved_at")), approval == null ? null : approval.comment());
    }

    private static Approval approval(ResultSet rs) throws SQLException {
        return new Approval(rs.getString("approval_id"), read(rs.getString("terms"), Terms.class),
                strings(rs.getString("breaches")), rs.getString("justification"), rs.getString("requested_by"),
                instant(rs.getTimestamp("requested_at")), rs.getString("status"), rs.getString("decided_by"),
                instant(rs.getTimestamp("decided_at")), rs.getString("comment"),
                rs.getString("used_by_proposal_id"), rs.getObject("used_by_position", Long.class));
    }
}
