package dev.relationshipledger.command.access;

import dev.relationshipledger.kernel.actor.Actor;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;

/**
 * Lets a command handler declare an {@link Actor} parameter: who sent the command, read from the metadata the web
 * layer set from the authenticated principal. Registered through META-INF/services, so it works the same in the
 * application and in aggregate test fixtures.
 */
public class ActorParameterResolverFactory implements ParameterResolverFactory {

    @Override
    public ParameterResolver<Actor> createInstance(Executable executable, Parameter[] parameters, int parameterIndex) {
        if (!Actor.class.equals(parameters[parameterIndex].getType())) {
            return null;
        }
        return new ParameterResolver<>() {
            @Override
            public Actor resolveParameterValue(Message<?> message) {
                return Actor.fromMetadata((String) message.getMetaData().get(Actor.NAME_KEY),
                        (String) message.getMetaData().get(Actor.ROLES_KEY));
            }

            @Override
            public boolean matches(Message<?> message) {
                return true;
            }
        };
    }
}
