package dev.relationshipledger.command.idempotency;

import dev.relationshipledger.command.store.AppendTracking;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.relationship.AddCounterpartyPerson;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.UUID;

/**
 * Writes the idempotency row of a command that carries a key, in the same transaction as its events: after the
 * events are stored, before the commit ({@link AppendTracking#onceStored}; in a group of commands, in the group's
 * transaction).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class IdempotencyRecording {

    public static final String KEY = "idempotencyKey";
    public static final String REQUEST_HASH = "idempotencyRequestHash";

    @Autowired
    public void register(CommandBus commandBus, IdempotencyKeys keys) {
        commandBus.registerHandlerInterceptor(new Recorder(keys));
    }

    private record Recorder(IdempotencyKeys keys) implements MessageHandlerInterceptor<CommandMessage<?>> {
        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            Object result = chain.proceed();
            var metaData = unitOfWork.getMessage().getMetaData();
            String key = (String) metaData.get(KEY);
            if (key != null) {
                String actor = (String) metaData.get(Actor.NAME_KEY);
                byte[] hash = java.util.HexFormat.of().parseHex((String) metaData.get(REQUEST_HASH));
                UUID person = unitOfWork.getMessage().getPayload() instanceof AddCounterpartyPerson added
                        ? added.person().personId().value() : null;
                unitOfWork.onPrepareCommit(u -> AppendTracking.onceStored(u, appended -> {
                    if (appended.anything()) {
                        keys.remember(actor, key, hash, appended.aggregateId(), appended.version(), person);
                    }
                }));
            }
            return result;
        }
    }
}
