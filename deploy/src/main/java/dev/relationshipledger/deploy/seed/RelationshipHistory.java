package dev.relationshipledger.deploy.seed;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.ContactSummaryCorrected;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded;
import dev.relationshipledger.kernel.relationship.CounterpartyPersonRemoved;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.OwnerReassigned;
import dev.relationshipledger.kernel.relationship.RelationshipClosed;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.RelationshipReopened;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.kernel.relationship.TierChanged;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.relationshipledger.deploy.seed.Vocabulary.pick;

/**
 * The whole history of one relationship: the relationship itself, its contacts, complaints, negotiations and
 * contracts, interleaved in time as they would have been recorded through the command side, by the users its rules
 * accept (the owner, a delegate, maria the manager for reassignments and approvals, the system for expiries).
 *
 * <p>First the plan: one list of {@link Step}s per strand (contacts, each complaint, each negotiation with the
 * contract signed from it, ...), every outcome decided by the relationship's own random stream. Then the strands
 * are interleaved at random, each step given the next recorded time, and run: the events are built from the
 * kernel's records, so their shape is the one the command side writes.
 */
final class RelationshipHistory {

    static final UserName RITA = UserName.of("rita");
    static final UserName RALF = UserName.of("ralf");
    static final UserName MARIA = UserName.of("maria");
    static final String RELATIONSHIP_MANAGER = "RELATIONSHIP_MANAGER";
    static final String MANAGER = "MANAGER";
    private static final CounterpartyKind[] KINDS = CounterpartyKind.values();
    private static final Tier[] TIERS = {Tier.STRATEGIC, Tier.KEY, Tier.KEY, Tier.STANDARD, Tier.STANDARD,
            Tier.STANDARD, Tier.OCCASIONAL};
    private static final ContactChannel[] CHANNELS = {ContactChannel.CALL, ContactChannel.CALL, ContactChannel.EMAIL,
            ContactChannel.EMAIL, ContactChannel.MEETING, ContactChannel.SITE_VISIT, ContactChannel.EVENT,
            ContactChannel.TRAINING, ContactChannel.PLANNED_MAINTENANCE, ContactChannel.OTHER};
    private static final Sentiment[] SENTIMENTS = {Sentiment.VERY_NEGATIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL,
            Sentiment.NEUTRAL, Sentiment.POSITIVE, Sentiment.POSITIVE, Sentiment.VERY_POSITIVE};

    final Population.Mix mix;
    final SplittableRandom random;
    final RelationshipId id;
    final CounterpartyKind kind;
    private final SeedIds ids;
    private final String name;
    private final int index;
    private final Consumer<GeneratedEvent> sink;
    private final Map<String, Long> sequences = new HashMap<>();
    private final List<ContractScript> contracts = new ArrayList<>();
    private final List<NegotiationScript> negotiations = new ArrayList<>();
    private Timeline timeline;
    private long commands;

    // the relationship's state, as its aggregate and the command side's directory hold it
    private UserName owner;
    private UserName delegate;
    private final LinkedHashSet<String> directoryDelegates = new LinkedHashSet<>();
    private Tier tier;
    private boolean closed;

    /**
     * @param name  the namespace of this history's identifiers (the population's prefix)
     * @param index the relationship's number in its population
     */
    RelationshipHistory(SeedIds ids, String name, int index, Population.Mix mix, Consumer<GeneratedEvent> sink) {
        this.ids = ids;
        this.name = name;
        this.index = index;
        this.mix = mix;
        this.sink = sink;
        this.random = ids.random(name, index);
        this.id = new RelationshipId(ids.uuid(name, index));
        this.kind = KINDS[index % KINDS.length];
    }

    /**
     * Plans and records the history. {@code contacts} is how many contacts to log; with {@code budget} > 0 the
     * other strands are cut so that the history holds about {@code budget} events and contacts fill the rest.
     */
    void record(int contacts, int budget) {
        List<List<Step>> strands = new ArrayList<>();
        people(strands);
        int complaints = random.nextInt(10) < 6 ? 1 + random.nextInt(mix.fewer() ? 2 : 3) : 0;
        for (int i = 0; i < complaints; i++) {
            strands.add(new ComplaintScript(this, i).plan());
        }
        int deals = random.nextInt(10) < 6 ? 1 + random.nextInt(mix.fewer() ? 2 : 3) : 0;
        for (int i = 0; i < deals; i++) {
            NegotiationScript negotiation = new NegotiationScript(this, i);
            negotiations.add(negotiation);
            strands.add(negotiation.plan());
        }
        if (random.nextInt(10) < 3) {
            ContractScript direct = new ContractScript(this, 100, null);
            contracts.add(direct);
            strands.add(direct.plan());
        }
        administration(strands);
        if (budget > 0) {
            while (!strands.isEmpty() && events(strands) > budget - 1) {
                strands.remove(strands.size() - 1);
            }
            contacts = Math.max(0, budget - 1 - events(strands));
        }
        strands.add(0, contacts(contacts));
        List<Step> closing = closing();

        long total = 1 + events(strands) + closing.stream().mapToInt(Step::events).sum();
        Instant openedAt = Timeline.START.plusSeconds(random.nextLong(120L * 86_400)).plusSeconds(index % 86_400);
        timeline = new Timeline(random, openedAt, total);
        open(openedAt);
        interleave(strands);
        closing.forEach(step -> {
            timeline.advance();
            step.action().run();
        });
        contracts.forEach(ContractScript::expireIfOverdue);
    }

    /** Who the command side's directory says may record on it, as its event handlers left it. */
    Population.DirectoryRow directoryRow() {
        return new Population.DirectoryRow(id.value(), owner.value(), List.copyOf(directoryDelegates), closed);
    }

    List<ContractScript> contracts() {
        return contracts;
    }

    List<NegotiationScript> negotiations() {
        return negotiations;
    }

    private static int events(List<List<Step>> strands) {
        return strands.stream().flatMap(List::stream).mapToInt(Step::events).sum();
    }

    /** Strands run interleaved, each at the pace of its length, so every strand spans the whole history. */
    private void interleave(List<List<Step>> strands) {
        int[] next = new int[strands.size()];
        long remaining = strands.stream().mapToLong(List::size).sum();
        while (remaining > 0) {
            long pick = random.nextLong(remaining);
            int s = 0;
            while (pick >= strands.get(s).size() - next[s]) {
                pick -= strands.get(s).size() - next[s];
                s++;
            }
            timeline.advance();
            strands.get(s).get(next[s]++).action().run();
            remaining--;
        }
    }

    // ------------------------------------------------------------------------------------------ the relationship

    private void open(Instant at) {
        owner = mix.ownersVary() && random.nextInt(3) == 0 ? RALF : RITA;
        tier = TIERS[random.nextInt(TIERS.length)];
        String segment = random.nextInt(4) == 0 ? null : pick(random, Vocabulary.SEGMENTS);
        emitRelationship(new RelationshipOpened(id, new Counterparty(Vocabulary.counterpartyName(index), kind, segment),
                owner, tier), owner.value(), RELATIONSHIP_MANAGER);
    }

    private void people(List<List<Step>> strands) {
        List<Step> steps = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int p = 0; p < count; p++) {
            PersonId person = new PersonId(uuid("person", p));
            String who = pick(random, Vocabulary.PEOPLE);
            String position = pick(random, Vocabulary.POSITIONS);
            String email = who.toLowerCase().replace(' ', '.') + "@" + "counterparty-" + index + ".example";
            steps.add(Step.of(() -> recordOnRelationship(new CounterpartyPersonAdded(id,
                    new CounterpartyPerson(person, who, position, email)))));
            if (random.nextInt(8) == 0) {
                steps.add(Step.of(() -> recordOnRelationship(new CounterpartyPersonRemoved(id, person, "left the company"))));
            }
        }
        strands.add(steps);
    }

    private List<Step> contacts(int count) {
        List<Step> steps = new ArrayList<>(count + count / 20);
        for (int c = 0; c < count; c++) {
            ContactId contact = new ContactId(uuid("contact", c));
            steps.add(Step.of(() -> recordOnRelationship(contact(contact))));
            if (random.nextInt(40) == 0) {
                steps.add(Step.of(() -> recordOnRelationship(new ContactSummaryCorrected(id, contact,
                        "Corrected: " + pick(random, Vocabulary.TOPICS) + ", minutes attached",
                        "summary named the wrong topic"))));
            }
        }
        return steps;
    }

    ContactLogged contact(ContactId contact) {
        List<String> participants = List.of(pick(random, Vocabulary.PEOPLE));
        List<String> followUps = random.nextInt(4) == 0 ? List.of(pick(random, Vocabulary.FOLLOW_UPS)) : List.of();
        return new ContactLogged(id, contact, CHANNELS[random.nextInt(CHANNELS.length)], participants,
                "Contact about " + pick(random, Vocabulary.TOPICS), SENTIMENTS[random.nextInt(SENTIMENTS.length)],
                followUps, timeline == null ? Timeline.START : timeline.backdated(Timeline.START));
    }

    /** Occasional tier changes, reassignments by the manager, delegations, and a closing that was undone. */
    private void administration(List<List<Step>> strands) {
        List<Step> steps = new ArrayList<>();
        if (random.nextInt(10) == 0) {
            steps.add(Step.of(() -> {
                Tier previous = tier;
                tier = previous == Tier.STRATEGIC ? Tier.KEY : Tier.values()[previous.ordinal() - 1];
                recordOnRelationship(new TierChanged(id, previous, tier, "volume grew"));
            }));
        }
        if (mix.ownersVary() && random.nextInt(10) == 0) {
            steps.add(Step.of(() -> {
                UserName previous = owner;
                owner = previous.equals(RITA) ? RALF : RITA;
                if (owner.equals(delegate)) {
                    delegate = null; // the aggregate drops a delegate who becomes the owner
                }
                directoryDelegates.remove(owner.value()); // and so does the directory (V10)
                emitRelationship(new OwnerReassigned(id, previous, owner, "regional handover"), MARIA.value(), MANAGER);
            }));
        }
        if (mix.ownersVary() && random.nextInt(7) == 0) {
            steps.add(Step.of(() -> {
                if (delegate == null) {
                    delegate = owner.equals(RITA) ? RALF : RITA;
                    directoryDelegates.remove(delegate.value());
                    directoryDelegates.add(delegate.value());
                    emitRelationship(new AccessDelegated(id, delegate), owner.value(), RELATIONSHIP_MANAGER);
                } else {
                    recordOnRelationship(new TierChanged(id, tier, tier == Tier.KEY ? Tier.STANDARD : Tier.KEY,
                            "reviewed at the portfolio meeting"));
                    tier = tier == Tier.KEY ? Tier.STANDARD : Tier.KEY;
                }
            }));
            if (random.nextInt(2) == 0) {
                steps.add(Step.of(() -> {
                    if (delegate != null) {
                        UserName revoked = delegate;
                        delegate = null;
                        directoryDelegates.remove(revoked.value());
                        emitRelationship(new DelegationRevoked(id, revoked), owner.value(), RELATIONSHIP_MANAGER);
                    } else {
                        recordOnRelationship(contact(new ContactId(uuid("late-contact", 0))));
                    }
                }));
            }
        }
        if (random.nextInt(30) == 0) {
            // closed and reopened by one person in quick succession: nothing else is recorded in between
            steps.add(new Step(2, () -> {
                emitRelationship(new RelationshipClosed(id, "counterparty paused trading"), owner.value(), RELATIONSHIP_MANAGER);
                timeline.tick();
                emitRelationship(new RelationshipReopened(id, "counterparty resumed trading"), owner.value(), RELATIONSHIP_MANAGER);
            }));
        }
        if (!steps.isEmpty()) {
            strands.add(steps);
        }
    }

    /** Some relationships end closed, after everything else (a closed one takes no new contacts or deals). */
    private List<Step> closing() {
        if (!mix.someClose() || random.nextInt(20) != 0) {
            return List.of();
        }
        return List.of(Step.of(() -> {
            closed = true;
            emitRelationship(new RelationshipClosed(id, "counterparty ceased trading"), owner.value(), RELATIONSHIP_MANAGER);
        }));
    }

    private void recordOnRelationship(LedgerEvent event) {
        emitRelationship(event, recorder().value(), RELATIONSHIP_MANAGER);
    }

    private void emitRelationship(LedgerEvent event, String actor, String roles) {
        emit("Relationship", id.toString(), event, actor, roles);
    }

    // ------------------------------------------------------------------------------------------ shared with the scripts

    /** Who records a fact now: the owner, now and then the delegate. */
    UserName recorder() {
        return delegate != null && random.nextInt(4) == 0 ? delegate : owner;
    }

    UserName owner() {
        return owner;
    }

    Timeline timeline() {
        return timeline;
    }

    UUID uuid(String what, long n) {
        return ids.uuid(name + "/" + index + "/" + what, n);
    }

    void emit(String aggregateType, String aggregateId, LedgerEvent event, String actor, String roles) {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        String command = ids.uuid(name + "/" + index + "/command", commands++).toString();
        sink.accept(new GeneratedEvent(aggregateType, aggregateId, sequence, timeline.now(), event, actor, roles,
                command, command));
    }
}
