package dev.relationshipledger.command.store;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.command.idempotency.IdempotencyRecording;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.AppendTracking.Appended;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.OpenRelationship;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit (decision 0018) on the real event store. The committer starts only once the test has queued its
 * commands, so the test knows the group; the rows' {@code xmin} (the transaction that inserted them) tells whether
 * they were stored together.
 */
class GroupCommitTest extends CommandSideTest {

    @Autowired
    CommandBus commandBus;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    CommandGateway applicationGateway;

    static final GroupCommit.Settings ONE_COMMITTER = new GroupCommit.Settings(1, 32, Duration.ofSeconds(10));

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    GroupCommit groupCommit;
    CommandGateway grouping;

    @BeforeEach
    void queueFirst() {
        groupCommit = new GroupCommit(commandBus, transactionManager, ONE_COMMITTER, meters);
        grouping = DefaultCommandGateway.builder().commandBus(groupCommit.bus())
                .retryScheduler(new RetryOnConcurrentAppend(3)).build();
    }

    @AfterEach
    void close() throws Exception {
        groupCommit.close();
    }

    @Test
    void queuedCommandsAreStoredInOneTransactionAndEachIsAnsweredWithItsOwnEvent() throws Exception {
        RelationshipId busy = opened();
        List<CompletableFuture<Appended>> contacts = new ArrayList<>();
        List<CompletableFuture<Appended>> openings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            contacts.add(send(contact(busy, ContactId.generate()), Map.of()));
            openings.add(send(opening(RelationshipId.generate()), Map.of()));
        }
        groupCommit.startCommitters();

        List<Appended> answers = new ArrayList<>();
        for (CompletableFuture<Appended> answer : concat(contacts, openings)) {
            answers.add(answer.get(30, TimeUnit.SECONDS));
        }
        assertThat(transactionsOf(answers)).as("one transaction for the group").isEqualTo(1);
        for (Appended answer : answers) {
            assertThat(storedAt(answer.position())).as("the event at the answer's position")
                    .isEqualTo(answer.aggregateId() + "#" + answer.version());
        }
        assertThat(contacts.stream().map(c -> c.join().version()).toList())
                .as("the contacts on one relationship in the order they were sent")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(meters.summary("ledger.command.group.size").max()).isEqualTo(20);
        assertThat(meters.counter("ledger.command.group.decided.again").count()).isZero();
        assertThat(contactKeys(busy)).as("each contact's key written in the group's transaction, in one batch")
                .isEqualTo("10 live in " + transactionOf(answers.get(0)));
    }

    @Test
    void aRefusedCommandSendsItsGroupBackToBeDecidedAloneAndOnlyItIsRefused() throws Exception {
        RelationshipId relationship = opened();
        ContactId logged = ContactId.generate();
        applicationGateway.sendAndWait(withActor(contact(relationship, logged), Map.of()));

        CompletableFuture<Appended> before = send(contact(relationship, ContactId.generate()), Map.of());
        CompletableFuture<Appended> again = send(contact(relationship, logged), Map.of());
        CompletableFuture<Appended> after = send(contact(relationship, ContactId.generate()), Map.of());
        CompletableFuture<Appended> elsewhere = send(opening(RelationshipId.generate()), Map.of());
        groupCommit.startCommitters();

        assertThatThrownBy(() -> again.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RuleViolated.class)
                .satisfies(e -> assertThat(((RuleViolated) e).rule()).isEqualTo("contact-logged-once"));
        List<Appended> stored = List.of(before.get(30, TimeUnit.SECONDS), after.get(30, TimeUnit.SECONDS),
                elsewhere.get(30, TimeUnit.SECONDS));
        assertThat(stored.subList(0, 2)).extracting(Appended::version).as("no hole where the refusal was")
                .containsExactly(2L, 3L);
        assertThat(transactionsOf(stored)).as("each decided again and stored alone").isEqualTo(3);
        assertThat(meters.counter("ledger.command.group.decided.again").count()).isEqualTo(4);
        assertThat(contactKeys(relationship)).as("one key per contact stored, none left by the group rolled back")
                .startsWith("3 live in ");
    }

    @Test
    void anIdempotencyKeyIsRememberedInTheGroupsTransactionWithItsOwnCommandsEvent() throws Exception {
        String first = "group-" + RelationshipId.generate();
        String second = "group-" + RelationshipId.generate();
        CompletableFuture<Appended> keyed = send(opening(RelationshipId.generate()), idempotency(first));
        CompletableFuture<Appended> plain = send(opening(RelationshipId.generate()), Map.of());
        CompletableFuture<Appended> keyedToo = send(opening(RelationshipId.generate()), idempotency(second));
        groupCommit.startCommitters();

        List<Appended> answers = List.of(keyed.get(30, TimeUnit.SECONDS), plain.get(30, TimeUnit.SECONDS),
                keyedToo.get(30, TimeUnit.SECONDS));
        assertThat(transactionsOf(answers)).isEqualTo(1);
        assertThat(remembered(first)).isEqualTo(answers.get(0).aggregateId() + "#0 in " + transactionOf(answers.get(0)));
        assertThat(remembered(second)).isEqualTo(answers.get(2).aggregateId() + "#0 in " + transactionOf(answers.get(0)));
    }

    @Test
    void anAppendAnotherNodeWonSendsTheGroupBackAndItsCommandIsDecidedOnTheFreshState() throws Exception {
        RelationshipId moved = opened();
        applicationGateway.sendAndWait(withActor(contact(moved, ContactId.generate()), Map.of())); // cached, version 1
        AnotherNode.appendsTo(DATABASE_URL, moved.toString()); // version 2, unseen by the cached aggregate

        CommandMessage<?> staleContact = withActor(contact(moved, ContactId.generate()), Map.of());
        AtomicInteger decisions = new AtomicInteger();
        Registration counting = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getIdentifier().equals(staleContact.getIdentifier())) {
                decisions.incrementAndGet();
            }
            return chain.proceed();
        });
        try {
            CompletableFuture<Appended> stale = grouping.send(staleContact);
            CompletableFuture<Appended> elsewhere = send(opening(RelationshipId.generate()), Map.of());
            groupCommit.startCommitters();

            assertThat(stale.get(30, TimeUnit.SECONDS).version()).isEqualTo(3);
            assertThat(elsewhere.get(30, TimeUnit.SECONDS).version()).isZero();
        } finally {
            counting.cancel();
        }
        // in the group, then alone on the stored state: the group's rollback took the stale aggregate out of the
        // cache (had it not, the lone decision would have lost the race again and been retried: three)
        assertThat(decisions.get()).isEqualTo(2);
        assertThat(meters.counter("ledger.command.group.decided.again").count()).isEqualTo(2);
    }

    @Test
    void aCommitterSetsAsideACommandWhoseRelationshipAnotherCommittersGroupHoldsAndGoesOnWithTheOthers()
            throws Exception {
        GroupCommit twoCommitters = new GroupCommit(commandBus, transactionManager,
                new GroupCommit.Settings(2, 32, Duration.ofSeconds(10)), meters);
        CommandGateway twoGrouping = DefaultCommandGateway.builder().commandBus(twoCommitters.bus()).build();
        RelationshipId held = opened();
        CommandMessage<?> holding = withActor(contact(held, ContactId.generate()), Map.of());
        CountDownLatch holds = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // holds its committer, with the relationship locked by its unit of work, until the test releases it
        Registration holder = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork.getMessage().getIdentifier().equals(holding.getIdentifier())) {
                holds.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            return result;
        });
        try {
            CompletableFuture<Appended> first = twoGrouping.send(holding);
            twoCommitters.startCommitters();
            assertThat(holds.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Appended> sameRelationship = twoGrouping.send(withActor(contact(held, ContactId.generate()), Map.of()));
            CompletableFuture<Appended> elsewhere = twoGrouping.send(withActor(opening(RelationshipId.generate()), Map.of()));
            CompletableFuture<Appended> sameAgain = twoGrouping.send(withActor(contact(held, ContactId.generate()), Map.of()));

            // the free committer did not wait for the held relationship, inside its transaction, with the other
            // command behind it: it set that command aside and stored the other
            assertThat(elsewhere.get(10, TimeUnit.SECONDS).version()).isZero();
            assertThat(sameRelationship).isNotDone();
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
            assertThat(sameRelationship.get(10, TimeUnit.SECONDS).version()).as("in the order they came").isEqualTo(2);
            assertThat(sameAgain.get(10, TimeUnit.SECONDS).version()).isEqualTo(3);
        } finally {
            release.countDown();
            holder.cancel();
            twoCommitters.close();
        }
        assertThat(meters.counter("ledger.command.group.set.aside").count()).as("each counted once").isEqualTo(2);
        assertThat(meters.counter("ledger.command.group.decided.again").count()).isZero();
    }

    @Test
    void aCommandThatWaitedLongerThanMaxWaitIsAnsweredUndecidedAndNothingOfItIsStored() throws Exception {
        GroupCommit impatient = new GroupCommit(commandBus, transactionManager,
                new GroupCommit.Settings(1, 32, Duration.ofMillis(100)), meters);
        CommandGateway impatientGrouping = DefaultCommandGateway.builder().commandBus(impatient.bus()).build();
        RelationshipId late = RelationshipId.generate();
        RelationshipId timely = RelationshipId.generate();
        try {
            CompletableFuture<Object> waitedTooLong = impatientGrouping.send(withActor(opening(late), Map.of()));
            Thread.sleep(300);
            impatient.startCommitters();
            assertThatThrownBy(() -> waitedTooLong.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(NotDecidedInTime.class).hasMessageContaining("not decided");
            assertThat(impatientGrouping.send(withActor(opening(timely), Map.of())).get(10, TimeUnit.SECONDS))
                    .as("a command that did not wait as long is decided").isNotNull();
        } finally {
            impatient.close();
        }
        assertThat(meters.counter("ledger.command.group.not.decided").count()).isEqualTo(1);
        assertThat(single("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier IN (?, ?)",
                late.toString(), timely.toString())).isEqualTo("1");
    }

    /**
     * Two group commits, each with its own committer: a committer keeps off the aggregates another one of the same
     * group commit holds, but not those of commands decided elsewhere (here the other group commit's), and Axon's
     * lock factory settles the deadlock that can then arise.
     */
    @Test
    void twoGroupsWaitingForEachOthersAggregatesAreBrokenUpAndEveryCommandIsStored() throws Exception {
        RelationshipId a = opened();
        RelationshipId b = opened();
        GroupCommit other = new GroupCommit(commandBus, transactionManager, ONE_COMMITTER, meters);
        CommandGateway otherGrouping = DefaultCommandGateway.builder().commandBus(other.bus()).build();
        List<CompletableFuture<Appended>> answers = List.of(
                send(contact(a, ContactId.generate()), Map.of()), send(contact(b, ContactId.generate()), Map.of()),
                otherGrouping.send(withActor(contact(b, ContactId.generate()), Map.of())),
                otherGrouping.send(withActor(contact(a, ContactId.generate()), Map.of())));
        // Each committer, once it holds its first member's aggregate (locked until its group ends), waits until the
        // other holds its own: then each needs the aggregate the other holds.
        CyclicBarrier bothHoldOne = new CyclicBarrier(2);
        Set<Thread> holding = ConcurrentHashMap.newKeySet();
        Registration crossing = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (Thread.currentThread().getName().startsWith("command-group-")
                    && holding.add(Thread.currentThread())) {
                bothHoldOne.await(10, TimeUnit.SECONDS);
            }
            return result;
        });
        try {
            groupCommit.startCommitters();
            other.startCommitters();
            List<Appended> stored = new ArrayList<>();
            for (CompletableFuture<Appended> answer : answers) {
                stored.add(answer.get(30, TimeUnit.SECONDS));
            }
            // Axon's lock factory saw the deadlock and refused one group's second member; that group was rolled
            // back (freeing the other), and its two members were then stored alone
            assertThat(transactionsOf(stored)).isEqualTo(3);
            assertThat(stored).extracting(Appended::version).containsOnly(1L, 2L);
        } finally {
            crossing.cancel();
            other.close();
        }
        assertThat(meters.counter("ledger.command.group.decided.again").count()).isEqualTo(2);
    }

    @Test
    void aGroupEndedByATimeoutOfTheStoreIsAnsweredWithItAndNotDecidedAgain() throws Exception {
        RelationshipId first = RelationshipId.generate();
        RelationshipId slow = RelationshipId.generate();
        CommandMessage<?> timingOut = withActor(opening(slow), Map.of());
        // as PostgreSQL ends a statement that ran past ledger.store.statement-timeout
        Registration timeout = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getIdentifier().equals(timingOut.getIdentifier())) {
                throw new SQLException("canceling statement due to statement timeout", "57014");
            }
            return chain.proceed();
        });
        try {
            CompletableFuture<Appended> one = send(opening(first), Map.of());
            CompletableFuture<Appended> two = grouping.send(timingOut);
            groupCommit.startCommitters();
            // decided again one after another, each member could wait as long again on one committer: both fail
            assertEachFailedWith("canceling statement due to statement timeout", List.of(one, two));
        } finally {
            timeout.cancel();
        }
        assertNoneDecidedAgainNorStored(first, slow);
    }

    @Test
    void aGroupWhoseCommitFailsIsAnsweredWithTheFailureAndNotDecidedAgain() throws Exception {
        GroupCommit commitLost = new GroupCommit(commandBus, () -> {
            Transaction real = transactionManager.startTransaction();
            return new Transaction() {
                @Override
                public void commit() {
                    real.rollback(); // as if the connection broke while the COMMIT was on its way
                    throw new IllegalStateException("the connection was lost during COMMIT");
                }

                @Override
                public void rollback() {
                    real.rollback();
                }
            };
        }, ONE_COMMITTER, meters);
        CommandGateway lost = DefaultCommandGateway.builder().commandBus(commitLost.bus()).build();
        RelationshipId first = RelationshipId.generate();
        RelationshipId second = RelationshipId.generate();
        CompletableFuture<Object> one = lost.send(withActor(opening(first), Map.of()));
        CompletableFuture<Object> two = lost.send(withActor(opening(second), Map.of()));
        commitLost.startCommitters();
        try {
            assertEachFailedWith("the connection was lost during COMMIT", List.of(one, two));
        } finally {
            commitLost.close();
        }
        // whether a lost COMMIT took effect is unknown, so nothing is decided again (it could be stored twice)
        assertNoneDecidedAgainNorStored(first, second);
    }

    private static void assertEachFailedWith(String rootCause, List<? extends CompletableFuture<?>> answers) {
        for (CompletableFuture<?> answer : answers) {
            assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage(rootCause);
        }
    }

    private void assertNoneDecidedAgainNorStored(RelationshipId first, RelationshipId second) throws Exception {
        assertThat(meters.counter("ledger.command.group.decided.again").count()).isZero();
        assertThat(single("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier IN (?, ?)",
                first.toString(), second.toString())).isEqualTo("0");
    }

    private RelationshipId opened() {
        RelationshipId id = RelationshipId.generate();
        applicationGateway.sendAndWait(withActor(opening(id), Map.of()));
        return id;
    }

    private CompletableFuture<Appended> send(Object command, Map<String, Object> metaData) {
        return grouping.send(withActor(command, metaData));
    }

    private static CommandMessage<?> withActor(Object command, Map<String, Object> metaData) {
        Map<String, Object> all = new HashMap<>(metaData);
        all.put(Actor.NAME_KEY, "rita");
        all.put(Actor.ROLES_KEY, "RELATIONSHIP_MANAGER");
        return GenericCommandMessage.asCommandMessage(command).andMetaData(all);
    }

    private static Map<String, Object> idempotency(String key) {
        return Map.of(IdempotencyRecording.KEY, key, IdempotencyRecording.REQUEST_HASH, HexFormat.of().formatHex(new byte[32]));
    }

    private static OpenRelationship opening(RelationshipId id) {
        return new OpenRelationship(id, new Counterparty("Grouped Ltd", CounterpartyKind.CUSTOMER, null),
                UserName.of("rita"), Tier.STANDARD);
    }

    private static LogContact contact(RelationshipId relationship, ContactId contact) {
        return new LogContact(relationship, contact, ContactChannel.CALL, List.of(), "a call", Sentiment.NEUTRAL,
                List.of(), Instant.parse("2026-01-05T10:00:00Z"));
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    /** How many transactions stored the answers' events. */
    private static int transactionsOf(List<Appended> answers) throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             PreparedStatement s = c.prepareStatement("SELECT count(DISTINCT xmin::text) FROM "
                     + "event_store.domain_event_entry WHERE global_index = ANY (?)")) {
            Array positions = c.createArrayOf("bigint", answers.stream().map(Appended::position).toArray());
            s.setArray(1, positions);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The relationship's contact keys: how many, how many live, and the transactions that wrote them. */
    private static String contactKeys(RelationshipId relationship) throws Exception {
        return single("SELECT count(*) || ' ' || CASE WHEN count(secret) = count(*) THEN 'live' ELSE 'not all live' END"
                + " || ' in ' || string_agg(DISTINCT xmin::text, ',') FROM event_store.contact_text_key"
                + " WHERE relationship_id = ?", relationship.value());
    }

    private static String transactionOf(Appended answer) throws Exception {
        return single("SELECT xmin::text FROM event_store.domain_event_entry WHERE global_index = ?", answer.position());
    }

    private static String storedAt(long position) throws Exception {
        return single("SELECT aggregate_identifier || '#' || sequence_number FROM event_store.domain_event_entry "
                + "WHERE global_index = ?", position);
    }

    private static String remembered(String key) throws Exception {
        return single("SELECT aggregate_id || '#' || version || ' in ' || xmin::text FROM event_store.idempotency_key "
                + "WHERE actor = 'rita' AND idempotency_key = ?", key);
    }

    private static String single(String sql, Object... parameters) throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
