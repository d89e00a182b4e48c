package dev.relationshipledger.command.store;

import dev.relationshipledger.kernel.message.LedgerCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Finds the aggregate a command addresses without annotations in the shared kernel: the command names its target,
 * and the version the client expects (HTTP If-Match) rides in the metadata under {@value #EXPECTED_VERSION}.
 */
public class LedgerCommandTargetResolver implements CommandTargetResolver {

    public static final String EXPECTED_VERSION = "expectedVersion";

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (!(command.getPayload() instanceof LedgerCommand ledgerCommand)) {
            throw new IllegalArgumentException("not a ledger command: " + command.getPayloadType().getName());
        }
        Object expected = command.getMetaData().get(EXPECTED_VERSION);
        Long version = expected == null ? null : ((Number) expected).longValue();
        return new VersionedAggregateIdentifier(ledgerCommand.targetAggregateId(), version);
    }
}
