package dev.relationshipledger.command.web;

import dev.relationshipledger.command.store.AppendTracking.Appended;
import dev.relationshipledger.command.store.EventStoreConfiguration;
import dev.relationshipledger.command.store.EventTables;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.message.LedgerCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Sends a command on behalf of the authenticated actor and answers with what it appended. The metadata every event
 * inherits (actor, roles, correlation, causation, expected version) is set here and only here, from the security
 * context and the HTTP request, never from a request body.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;
    private final JdbcTemplate jdbc;

    public CommandSender(CommandGateway gateway, JdbcTemplate jdbc) {
        this.gateway = gateway;
        this.jdbc = jdbc;
    }

    public CommandAccepted send(LedgerCommand command, RequestContext context) {
        Map<String, Object> metaData = new HashMap<>();
        Actor actor = context.actor();
        metaData.put(Actor.NAME_KEY, actor.name().value());
        metaData.put(Actor.ROLES_KEY, actor.rolesText());
        metaData.put(EventStoreConfiguration.CORRELATION_ID, context.correlationId());
        metaData.put(EventStoreConfiguration.CAUSATION_ID, context.requestId());
        if (context.expectedVersion() != null) {
            metaData.put(LedgerCommandTargetResolver.EXPECTED_VERSION, context.expectedVersion());
        }
        Appended appended = gateway.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metaData)));
        if (!appended.anything()) {
            throw new IllegalStateException("command " + command.getClass().getSimpleName() + " appended no event");
        }
        Long position = jdbc.queryForObject(
                "SELECT global_index FROM " + EventTables.EVENTS + " WHERE aggregate_identifier = ? AND sequence_number = ?",
                Long.class, appended.aggregateId(), appended.version());
        return new CommandAccepted(appended.aggregateId(), appended.version(), position == null ? -1 : position);
    }
}
