package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.LedgerCommandTargetResolver;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.*;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of relationship commands, sent by random users (some allowed, some not), never produce an event
 * history that breaks the relationship's invariants, and a refused command never appends anything.
 */
class RelationshipInvariantsProperties {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final List<String> USERS = List.of("rita", "ralf", "maria", "carl", "adam");
    static final Map<String, String> ROLES = Map.of("rita", "RELATIONSHIP_MANAGER", "ralf", "RELATIONSHIP_MANAGER",
            "maria", "MANAGER", "carl", "COMPLIANCE_OFFICER", "adam", "ADMIN");
    static final List<ContactId> CONTACTS = List.of(ContactId.generate(), ContactId.generate(), ContactId.generate());
    static final List<PersonId> PEOPLE = List.of(PersonId.generate(), PersonId.generate());

    /** One step: who sends which command. */
    record Step(String user, Function<RelationshipId, RelationshipCommand> command) {
    }

    /** Commands accepted after the opening, over all tries: the property must exercise more than refusals. */
    static final AtomicInteger ACCEPTED_AFTER_OPENING = new AtomicInteger();

    Configuration axon;

    @BeforeTry
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Relationship.class)
                        .configureCommandTargetResolver(c -> new LedgerCommandTargetResolver()))
                .registerComponent(Clock.class, c -> Clock.fixed(NOW, ZoneOffset.UTC))
                .configureCorrelationDataProviders(c -> List.of(
                        new SimpleCorrelationDataProvider(Actor.NAME_KEY, Actor.ROLES_KEY)))
                .buildConfiguration();
        axon.start();
    }

    @AfterTry
    void stop() {
        axon.shutdown();
    }

    @Property(tries = 300)
    void historiesKeepTheInvariants(@ForAll("scenarios") List<Step> steps) {
        RelationshipId id = RelationshipId.generate();
        int accepted = send("rita", new OpenRelationship(id, new Counterparty("Prop Co", CounterpartyKind.CUSTOMER, null),
                UserName.of("rita"), Tier.STANDARD)) ? 1 : 0;
        int appendedBefore = 1;
        for (Step step : steps) {
            int before = history(id).size();
            boolean ok = send(step.user(), step.command().apply(id));
            int after = history(id).size();
            if (ok) {
                accepted++;
                ACCEPTED_AFTER_OPENING.incrementAndGet();
                assertThat(after).as("an accepted command appends exactly one event").isEqualTo(before + 1);
            } else {
                assertThat(after).as("a refused command appends nothing").isEqualTo(before);
            }
        }
        List<DomainEventMessage<?>> history = history(id);
        assertThat(history).hasSize(accepted);
        assertThat(accepted).isGreaterThanOrEqualTo(appendedBefore);
        checkInvariants(history);
    }

    @AfterContainer
    static void theTriesAcceptedCommandsToo() {
        assertThat(ACCEPTED_AFTER_OPENING.get()).as("commands accepted after the opening, 300 tries")
                .isGreaterThan(300);
    }

    private void checkInvariants(List<DomainEventMessage<?>> history) {
        UserName owner = null;
        Tier tier = null;
        boolean closed = false;
        Set<UserName> delegates = new HashSet<>();
        Set<ContactId> contacts = new HashSet<>();
        Set<PersonId> people = new HashSet<>();
        Set<PersonId> recorded = new HashSet<>();
        Set<PersonId> erased = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            DomainEventMessage<?> message = history.get(i);
            assertThat(message.getSequenceNumber()).as("contiguous sequence numbers").isEqualTo(i);
            Object event = message.getPayload();
            Actor actor = Actor.fromMetadata((String) message.getMetaData().get(Actor.NAME_KEY),
                    (String) message.getMetaData().get(Actor.ROLES_KEY));
            boolean manager = actor.has(dev.relationshipledger.kernel.actor.Role.MANAGER);
            boolean recorder = manager || (actor.has(dev.relationshipledger.kernel.actor.Role.RELATIONSHIP_MANAGER)
                    && (actor.is(owner) || delegates.contains(actor.name())));
            assertThat(event instanceof RelationshipOpened).as("opened first and only once").isEqualTo(i == 0);
            assertThat(actor.name().value().equals("carl")).as("compliance officers record nothing but erasures")
                    .isEqualTo(event instanceof CounterpartyPersonErased);
            if (event instanceof RelationshipOpened e) {
                owner = e.owner();
                tier = e.tier();
            } else if (event instanceof ContactLogged e) {
                assertThat(recorder && !closed).as("contact by a recorder on an open relationship").isTrue();
                assertThat(contacts.add(e.contactId())).as("each contact logged once").isTrue();
            } else if (event instanceof ContactSummaryCorrected e) {
                assertThat(recorder).isTrue();
                assertThat(contacts).as("a correction refers to a logged contact").contains(e.contactId());
            } else if (event instanceof CounterpartyPersonAdded e) {
                assertThat(recorder && !closed).isTrue();
                assertThat(people.add(e.person().personId())).isTrue();
                assertThat(erased).as("an erased id is not recorded again").doesNotContain(e.person().personId());
                recorded.add(e.person().personId());
            } else if (event instanceof CounterpartyPersonErased e) {
                assertThat(actor.has(dev.relationshipledger.kernel.actor.Role.COMPLIANCE_OFFICER)).isTrue();
                assertThat(recorded).as("erases a person recorded at some time").contains(e.personId());
                assertThat(erased.add(e.personId())).as("erased once").isTrue();
                people.remove(e.personId());
            } else if (event instanceof CounterpartyPersonRemoved e) {
                assertThat(recorder && !closed).isTrue();
                assertThat(people.remove(e.personId())).as("removes a known person").isTrue();
            } else if (event instanceof OwnerReassigned e) {
                assertThat(manager || actor.has(dev.relationshipledger.kernel.actor.Role.ADMIN)).isTrue();
                assertThat(e.previousOwner()).isEqualTo(owner);
                assertThat(e.newOwner()).isNotEqualTo(owner);
                owner = e.newOwner();
                delegates.remove(owner);
            } else if (event instanceof TierChanged e) {
                assertThat(recorder && !closed).isTrue();
                assertThat(e.previousTier()).isEqualTo(tier);
                assertThat(e.tier()).isNotEqualTo(tier);
                tier = e.tier();
            } else if (event instanceof AccessDelegated e) {
                assertThat(manager || actor.is(owner)).isTrue();
                assertThat(e.delegate()).isNotEqualTo(owner);
                assertThat(delegates.add(e.delegate())).isTrue();
            } else if (event instanceof DelegationRevoked e) {
                assertThat(manager || actor.is(owner)).isTrue();
                assertThat(delegates.remove(e.delegate())).isTrue();
            } else if (event instanceof RelationshipClosed) {
                assertThat(closed).as("closes only an open relationship").isFalse();
                closed = true;
            } else if (event instanceof RelationshipReopened) {
                assertThat(closed).as("reopens only a closed relationship").isTrue();
                closed = false;
            }
        }
    }

    private boolean send(String user, RelationshipCommand command) {
        try {
            axon.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                    MetaData.with(Actor.NAME_KEY, user).and(Actor.ROLES_KEY, ROLES.get(user))));
            return true;
        } catch (RuleViolated refused) {
            return false; // a rule or a permission (NotPermitted is one); anything else is a bug and fails the try
        }
    }

    private List<DomainEventMessage<?>> history(RelationshipId id) {
        return axon.eventStore().readEvents(id.toString()).asStream().<DomainEventMessage<?>>map(e -> e).toList();
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<String> users = Arbitraries.of(USERS);
        Arbitrary<ContactId> contacts = Arbitraries.of(CONTACTS);
        Arbitrary<PersonId> people = Arbitraries.of(PEOPLE);
        Arbitrary<UserName> names = Arbitraries.of("rita", "ralf", "bob").map(UserName::of);
        Arbitrary<Tier> tiers = Arbitraries.of(Tier.class);
        Arbitrary<Function<RelationshipId, RelationshipCommand>> commands = Arbitraries.oneOf(
                contacts.map(c -> id -> new LogContact(id, c, ContactChannel.CALL, List.of(), "call", Sentiment.NEUTRAL,
                        List.of(), NOW.minusSeconds(3600))),
                contacts.map(c -> id -> new CorrectContactSummary(id, c, "corrected", "typo")),
                people.map(p -> id -> new AddCounterpartyPerson(id, new CounterpartyPerson(p, "Person", null, null))),
                people.map(p -> id -> new RemoveCounterpartyPerson(id, p, "left")),
                people.map(p -> id -> new EraseCounterpartyPerson(id, p, "DSR-1")),
                names.map(n -> id -> new ReassignOwner(id, n, "handover")),
                tiers.map(t -> id -> new ChangeTier(id, t, "review")),
                names.map(n -> id -> new DelegateAccess(id, n)),
                names.map(n -> id -> new RevokeDelegation(id, n)),
                Arbitraries.just(id -> new CloseRelationship(id, "done")),
                Arbitraries.just(id -> new ReopenRelationship(id, "again")));
        return Combinators.combine(users, commands).as(Step::new).list().ofMinSize(1).ofMaxSize(25);
    }
}
