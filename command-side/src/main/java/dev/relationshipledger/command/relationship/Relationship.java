package dev.relationshipledger.command.relationship;

import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.OpenRelationship;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;

import static dev.relationshipledger.command.rules.Rules.permit;
import static dev.relationshipledger.command.rules.Rules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One relationship with one counterparty. Keeps only what its rules need (owner, open or closed); everything a
 * reader wants to see lives in the events and the projections.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class Relationship {

    /** How far a contact's business time may run ahead of our clock: device clocks drift, the future does not happen. */
    static final Duration CLOCK_SKEW_ALLOWED = Duration.ofMinutes(5);

    @AggregateIdentifier
    private RelationshipId id;
    private UserName owner;

    protected Relationship() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public Relationship(OpenRelationship command,
                        @MetaDataValue(Actor.NAME_KEY) String actorName,
                        @MetaDataValue(Actor.ROLES_KEY) String actorRoles) {
        Actor actor = Actor.fromMetadata(actorName, actorRoles);
        permit(actor.has(Role.MANAGER) || (actor.has(Role.RELATIONSHIP_MANAGER) && actor.is(command.owner())),
                "open-for-self-unless-manager",
                "a relationship manager may open relationships only with themselves as owner");
        apply(new RelationshipOpened(command.relationshipId(), command.counterparty(), command.owner(), command.tier()));
    }

    @CommandHandler
    public void handle(LogContact command,
                       @MetaDataValue(Actor.NAME_KEY) String actorName,
                       @MetaDataValue(Actor.ROLES_KEY) String actorRoles,
                       Clock clock) {
        mayRecord(Actor.fromMetadata(actorName, actorRoles));
        require(!command.occurredAt().isAfter(clock.instant().plus(CLOCK_SKEW_ALLOWED)),
                "contact-not-in-future", "occurredAt lies in the future; a contact is logged after it happened");
        apply(new ContactLogged(id, command.contactId(), command.channel(), command.participants(),
                command.summary(), command.sentiment(), command.followUps(), command.occurredAt()));
    }

    private void mayRecord(Actor actor) {
        permit(actor.has(Role.MANAGER) || (actor.has(Role.RELATIONSHIP_MANAGER) && actor.is(owner)),
                "owner-records", "only the relationship's owner or a manager may record for it");
    }

    @EventSourcingHandler
    void on(RelationshipOpened event) {
        id = event.relationshipId();
        owner = event.owner();
    }
}
