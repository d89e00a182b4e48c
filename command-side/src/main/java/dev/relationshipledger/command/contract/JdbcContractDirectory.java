package dev.relationshipledger.command.contract;

import dev.relationshipledger.kernel.contract.ContractExpired;
import dev.relationshipledger.kernel.contract.ContractReinstated;
import dev.relationshipledger.kernel.contract.ContractRenewed;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.contract.ContractSuspended;
import dev.relationshipledger.kernel.contract.ContractTerminated;
import dev.relationshipledger.kernel.id.ContractId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The command side's own small view of contracts ({@code event_store.contract_directory}): status and end date,
 * which is what the expiry check needs to find the contracts whose end date has passed. Kept by a subscribing
 * processor in the transaction that appends the contract's events.
 */
@Component
@ProcessingGroup(JdbcContractDirectory.PROCESSING_GROUP)
public class JdbcContractDirectory {

    public static final String PROCESSING_GROUP = "contract-directory";

    private final JdbcTemplate jdbc;

    public JdbcContractDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Contracts still in force (ACTIVE or SUSPENDED) whose end date lies before {@code today}, in id order, after
     * {@code after} (null for the first page).
     */
    public List<ContractId> dueForExpiry(LocalDate today, ContractId after, int limit) {
        String sql = """
                SELECT contract_id FROM event_store.contract_directory
                WHERE status IN ('ACTIVE', 'SUSPENDED') AND ends_on < ?""";
        RowMapper<ContractId> id = (rs, i) -> new ContractId(rs.getObject(1, UUID.class));
        if (after == null) {
            return jdbc.query(sql + " ORDER BY contract_id LIMIT ?", id, today, limit);
        }
        return jdbc.query(sql + " AND contract_id > ? ORDER BY contract_id LIMIT ?", id, today, after.value(), limit);
    }

    @EventHandler
    void on(ContractSigned event) {
        jdbc.update("""
                        INSERT INTO event_store.contract_directory (contract_id, relationship_id, ends_on, status)
                        VALUES (?, ?, ?, ?) ON CONFLICT (contract_id) DO NOTHING""",
                event.contractId().value(), event.relationshipId().value(), event.endsOn(), ContractStatus.ACTIVE.name());
    }

    @EventHandler
    void on(ContractRenewed event) {
        jdbc.update("UPDATE event_store.contract_directory SET ends_on = ? WHERE contract_id = ?",
                event.newEndsOn(), event.contractId().value());
    }

    @EventHandler
    void on(ContractSuspended event) {
        status(event.contractId(), ContractStatus.SUSPENDED);
    }

    @EventHandler
    void on(ContractReinstated event) {
        status(event.contractId(), ContractStatus.ACTIVE);
    }

    @EventHandler
    void on(ContractTerminated event) {
        status(event.contractId(), ContractStatus.TERMINATED);
    }

    @EventHandler
    void on(ContractExpired event) {
        status(event.contractId(), ContractStatus.EXPIRED);
    }

    private void status(ContractId contractId, ContractStatus status) {
        jdbc.update("UPDATE event_store.contract_directory SET status = ? WHERE contract_id = ?",
                status.name(), contractId.value());
    }
}
