package dev.relationshipledger.command.contract;

import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.EventStoreConfiguration;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.contract.ExpireContract;
import dev.relationshipledger.kernel.id.ContractId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Expires the contracts whose end date has passed: every {@code ledger.contracts.expiry-check-interval} (default five
 * minutes, first run {@code ledger.contracts.expiry-initial-delay} after start-up, default two minutes) it reads the
 * contracts still in force with {@code endsOn} before today (UTC, from the injected clock) from the contract
 * directory and sends each an {@link ExpireContract} as the {@link Contract#SYSTEM system} actor.
 *
 * <p>Safe on several nodes at once and after downtime: a contract expired by another node meanwhile is refused by
 * the aggregate ({@code contract-in-force}) and skipped; one that cannot be expired now is retried on the next run.
 * All expiries of one run share a correlation id.
 */
@Component
public class ContractExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(ContractExpiry.class);
    static final int PAGE = 200;

    private final CommandGateway gateway;
    private final JdbcContractDirectory directory;
    private final Clock clock;

    public ContractExpiry(CommandGateway gateway, JdbcContractDirectory directory, Clock clock) {
        this.gateway = gateway;
        this.directory = directory;
        this.clock = clock;
    }

    /** One check: expires every contract due today; answers how many it expired. */
    @Scheduled(fixedDelayString = "${ledger.contracts.expiry-check-interval:PT5M}",
            initialDelayString = "${ledger.contracts.expiry-initial-delay:PT2M}")
    public int expireDueContracts() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String correlationId = "contract-expiry-" + UUID.randomUUID();
        int expired = 0;
        ContractId after = null;
        List<ContractId> page;
        do {
            page = directory.dueForExpiry(today, after, PAGE);
            for (ContractId contractId : page) {
                if (expire(contractId, correlationId)) {
                    expired++;
                }
                after = contractId;
            }
        } while (page.size() == PAGE);
        if (expired > 0) {
            LOG.info("expired {} contracts whose end date lies before {}", expired, today);
        }
        return expired;
    }

    private boolean expire(ContractId contractId, String correlationId) {
        MetaData metaData = MetaData.from(Map.of(
                Actor.NAME_KEY, Contract.SYSTEM.value(),
                Actor.ROLES_KEY, "",
                EventStoreConfiguration.CORRELATION_ID, correlationId));
        try {
            gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new ExpireContract(contractId)).andMetaData(metaData));
            return true;
        } catch (RuleViolated refused) {
            LOG.info("contract {} not expired ({}): {}", contractId, refused.rule(), refused.getMessage());
        } catch (RuntimeException failed) {
            LOG.warn("could not expire contract {}; the next check retries", contractId, failed);
        }
        return false;
    }
}
