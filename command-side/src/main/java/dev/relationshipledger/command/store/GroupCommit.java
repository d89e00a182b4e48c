package dev.relationshipledger.command.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import dev.relationshipledger.kernel.message.LedgerCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.callbacks.LoggingCallback;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static org.axonframework.commandhandling.GenericCommandResultMessage.asCommandResultMessage;

/**
 * Group commit of commands (decision 0018): commands that arrive while others are being stored queue up, and a
 * committer thread decides them one after another and stores them in one transaction: one {@code BEGIN}, one batch
 * of event inserts, one {@code COMMIT} and one WAL flush for the group instead of one each. On unless
 * {@code ledger.commands.group-commit.enabled} is false (command-side.yml).
 *
 * <p><b>All or nothing.</b> A group commits only if every member was accepted. If one is refused or fails, or the
 * group's writes fail before the commit (another node appended to one of its aggregates, an Idempotency-Key raced),
 * nothing of the group is stored and each member is decided again alone, exactly as without grouping; a refusal or
 * a lost race is then that command's own answer, decided on committed state only. If the {@code COMMIT} itself
 * fails, whether it took effect is unknown: every member gets that failure, as a command alone would, and none is
 * decided again (it could be stored twice). Nor when the connection was lost before the commit, or a timeout of
 * the store ended the group: each would most likely wait as long again ({@link WouldWaitAgain}).
 *
 * <p>Members are decided in units of work nested in the group's (Axon hands their events, and every write their
 * event handlers make at prepare-commit, to the group's transaction). Each member's aggregate stays locked until
 * the group has committed or rolled back, so no other command sees a member's state before it is stored, and a
 * member's answer (its positions, {@link AppendTracking}) is complete only then: members are answered after the
 * commit. A command sent while another is being handled (from inside a handler) joins that one, as before.
 *
 * <p><b>Committers keep out of each other's way.</b> A committer takes into its group only commands whose aggregates
 * no other committer's group holds, and claims those aggregates until its group ends; the others stay queued, in
 * the order they came, for a later group (set aside). So no committer waits, inside its open transaction, for an
 * aggregate another group holds, and the two cannot deadlock on them: while one group is held up (the database slow
 * to answer) the other committer goes on with commands for other relationships. Commands for one aggregate are
 * still decided in the order they were queued.
 *
 * <p><b>Bounded wait.</b> A command that waited longer than {@code max-wait} for a committer is not decided: it is
 * answered with {@link NotDecidedInTime} (a 503 to retry), and nothing of it is stored. Its sender has most likely
 * given up, and the committers, held up for that long, are best spent on commands still awaited.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final long POLL_MILLIS = 200;

    private final CommandBus members;
    private final TransactionManager transactions;
    private final int maxGroup;
    private final long maxWaitNanos;
    /** Guards {@link #queue} and {@link #claims}; {@link #work} is signalled when a command queues or claims end. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** Commands not taken into a group yet, in the order they came. */
    private final Deque<Pending> queue = new ArrayDeque<>();
    /** Aggregates claimed by the committer whose group addresses them, until that group ends. */
    private final Map<String, Thread> claims = new HashMap<>();
    private final List<Thread> committers = new ArrayList<>();
    private final DistributionSummary groupSizes;
    private final Counter decidedAgain;
    private final Counter notDecided;
    private final Counter setAside;
    private volatile boolean closed;

    /**
     * @param committers committer threads (at least 1); each stores one group at a time
     * @param maxGroup   most commands in one group (at least 2)
     * @param maxWait    longest a command waits for a committer before it is answered undecided (above 0)
     */
    public record Settings(int committers, int maxGroup, Duration maxWait) {
        public Settings {
            if (committers < 1 || maxGroup < 2 || maxWait.isNegative() || maxWait.isZero()) {
                throw new IllegalArgumentException("group commit needs at least one committer, groups of two and a "
                        + "maximum wait above 0, not " + committers + ", " + maxGroup + ", " + maxWait);
            }
        }
    }

    /** A queued command and whoever waits for it; answered exactly once, whatever happens to its group. */
    private static final class Pending {
        private final CommandMessage<?> command;
        private final CommandCallback<Object, Object> callback;
        private final long queuedAt = System.nanoTime();
        private final AtomicBoolean answered = new AtomicBoolean();
        private boolean setAside; // guarded by the lock

        Pending(CommandMessage<?> command, CommandCallback<Object, Object> callback) {
            this.command = command;
            this.callback = callback;
        }

        /** The aggregate the command addresses, or null for a message that is not a ledger command. */
        String target() {
            return command.getPayload() instanceof LedgerCommand ledgerCommand ? ledgerCommand.targetAggregateId() : null;
        }

        CommandMessage<?> command() {
            return command;
        }

        void answer(CommandResultMessage<?> answer) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                callback.onResult(command, answer);
            } catch (RuntimeException e) {
                log.warn("a command's callback failed", e);
            }
        }
    }

    /**
     * Group commit with its committers running.
     *
     * @param members      the bus that decides each command (Axon's, with the ledger's interceptors)
     * @param transactions the transactions groups are stored in
     */
    public static GroupCommit started(CommandBus members, TransactionManager transactions, Settings settings,
                                      MeterRegistry registry) {
        GroupCommit groupCommit = new GroupCommit(members, transactions, settings, registry);
        groupCommit.startCommitters();
        return groupCommit;
    }

    /** Committers not started yet ({@link #startCommitters}): tests queue commands first, to know the group. */
    GroupCommit(CommandBus members, TransactionManager transactions, Settings settings, MeterRegistry registry) {
        this.members = members;
        this.transactions = transactions;
        this.maxGroup = settings.maxGroup();
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.groupSizes = DistributionSummary.builder("ledger.command.group.size")
                .description("Commands stored in one transaction by group commit (1: a command alone)")
                .register(registry);
        this.decidedAgain = Counter.builder("ledger.command.group.decided.again")
                .description("Commands decided again alone because their group was not stored")
                .register(registry);
        this.notDecided = Counter.builder("ledger.command.group.not.decided")
                .description("Commands answered undecided (503) because they waited longer than max-wait")
                .register(registry);
        this.setAside = Counter.builder("ledger.command.group.set.aside")
                .description("Commands left queued for a later group because another committer's group held their aggregate")
                .register(registry);
        for (int i = 1; i <= settings.committers(); i++) {
            Thread committer = new Thread(this::commitGroups, "command-group-" + i);
            committer.setDaemon(true);
            this.committers.add(committer);
        }
    }

    void startCommitters() {
        committers.forEach(Thread::start);
    }

    /** The command bus that groups: hand it to the command gateway. */
    public CommandBus bus() {
        return new GroupingBus();
    }

    /** Stops the committers once their groups are stored; commands sent afterwards are decided alone. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread committer : committers) {
            committer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        answerLeftAlone();
    }

    private void commitGroups() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (!closed || anyQueued()) {
            try {
                take(group);
                if (group.size() == 1 || !distinct(group)) {
                    group.forEach(this::alone); // one command, or one message sent twice: its answer is one record
                } else if (!group.isEmpty()) {
                    together(group);
                }
            } catch (InterruptedException e) {
                // only close() ends a committer: interrupted by anyone else, it goes on
                Thread.interrupted();
            } catch (RuntimeException | Error e) {
                log.error("the command committer failed", e);
                group.forEach(member -> member.answer(asCommandResultMessage(e)));
            } finally {
                group.clear();
                releaseClaims();
            }
        }
    }

    /**
     * Fills the group with up to {@code maxGroup} queued commands whose aggregates no other committer holds, in the
     * order they came, and claims those aggregates; waits up to {@link #POLL_MILLIS} for one. Commands that waited
     * longer than {@code max-wait} are answered here, undecided.
     */
    private void take(List<Pending> group) throws InterruptedException {
        Thread committer = Thread.currentThread();
        List<Pending> expired = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                for (Iterator<Pending> queued = queue.iterator(); queued.hasNext() && group.size() < maxGroup; ) {
                    Pending member = queued.next();
                    if (now - member.queuedAt > maxWaitNanos) {
                        queued.remove();
                        expired.add(member);
                        continue;
                    }
                    String target = member.target();
                    Thread holder = target == null ? committer : claims.putIfAbsent(target, committer);
                    if (holder == null || holder == committer) {
                        queued.remove();
                        group.add(member);
                    } else if (!member.setAside) {
                        member.setAside = true;
                        setAside.increment();
                    }
                }
                long left = deadline - now;
                if (!group.isEmpty() || !expired.isEmpty() || left <= 0 || (closed && queue.isEmpty())) {
                    break;
                }
                work.awaitNanos(left);
            }
        } finally {
            lock.unlock();
            for (Pending member : expired) {
                notDecided.increment();
                member.answer(asCommandResultMessage(
                        new NotDecidedInTime(Duration.ofNanos(System.nanoTime() - member.queuedAt))));
            }
        }
    }

    /** Ends this committer's claims; a command they kept queued may now be taken by either committer. */
    private void releaseClaims() {
        Thread committer = Thread.currentThread();
        lock.lock();
        try {
            if (claims.values().removeIf(holder -> holder == committer) && !queue.isEmpty()) {
                work.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Pending pending) {
        lock.lock();
        try {
            queue.add(pending);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private boolean anyQueued() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private static boolean distinct(List<Pending> group) {
        return group.stream().map(member -> member.command().getIdentifier()).distinct().count() == group.size();
    }

    private void together(List<Pending> group) {
        Stored stored = store(group);
        switch (stored.outcome()) {
            case COMMITTED -> {
                groupSizes.record(group.size());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).answer(stored.answers().get(i));
                }
            }
            case FAILED -> group.forEach(member -> member.answer(asCommandResultMessage(stored.failure())));
            case NOT_STORED -> {
                decidedAgain.increment(group.size());
                group.forEach(this::alone);
            }
        }
    }

    /**
     * Stored; surely not stored, so each member may be decided again; or failed for all alike: the commit's outcome
     * unknown, or a failure each member would meet again after the same wait ({@link WouldWaitAgain}).
     */
    private enum Outcome { COMMITTED, NOT_STORED, FAILED }

    private record Stored(Outcome outcome, List<CommandResultMessage<?>> answers, Throwable failure) {
    }

    /** Decides every member and stores the group; never throws, so that every member is answered. */
    private Stored store(List<Pending> group) {
        List<CommandResultMessage<?>> answers = new ArrayList<>(group.size());
        AtomicBoolean commitSent = new AtomicBoolean();
        AtomicBoolean committed = new AtomicBoolean();
        UnitOfWork<?> unit = null;
        Transaction transaction = null;
        Throwable failure = null;
        try {
            unit = DefaultUnitOfWork.startAndGet(new GenericMessage<>("a group of " + group.size() + " commands"));
            // Not attachTransaction: the commit phase runs its handlers in reverse order of registration, and which
            // side of the COMMIT a failure fell on decides whether the members may be decided again.
            transaction = transactions.startTransaction();
            Transaction groupTransaction = transaction;
            unit.onRollback(u -> groupTransaction.rollback());
            unit.onCommit(u -> {
                commitSent.set(true);
                groupTransaction.commit();
                committed.set(true);
            });
            for (Pending member : group) {
                CommandResultMessage<?> answer = decide(member.command());
                if (answer.isExceptional()) {
                    throw new MemberNotAccepted(answer.exceptionResult());
                }
                answers.add(answer);
            }
            unit.commit();
        } catch (Throwable e) {
            failure = e;
            rollBack(unit, transaction, e);
        } finally {
            // a committer starts every group outside any unit of work, whatever the last one left behind
            while (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.clear(CurrentUnitOfWork.get());
            }
        }
        if (failure == null) {
            return new Stored(Outcome.COMMITTED, answers, null);
        }
        if (committed.get()) {
            log.warn("a group of {} commands was stored, but a step after its commit failed", group.size(), failure);
            return new Stored(Outcome.COMMITTED, answers, null);
        }
        Throwable cause = failure instanceof MemberNotAccepted refused ? refused.getCause() : failure;
        if (commitSent.get() || WouldWaitAgain.causeOf(cause)) {
            return new Stored(Outcome.FAILED, answers, cause);
        }
        return new Stored(Outcome.NOT_STORED, answers, failure);
    }

    private static void rollBack(UnitOfWork<?> unit, Transaction transaction, Throwable cause) {
        if (unit == null || !unit.isActive() || unit.phase() != UnitOfWork.Phase.STARTED) {
            return; // not started, or its commit rolled it back already
        }
        try {
            unit.rollback(cause);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            log.error("a group of commands could not be rolled back cleanly; rolling back its transaction", e);
            if (transaction != null) {
                // never leave a transaction bound to the committer: the next group would join it
                transaction.rollback();
            }
        }
    }

    /** Members are decided on the committer's thread, inside the group's unit of work, so Axon nests theirs in it. */
    private CommandResultMessage<?> decide(CommandMessage<?> command) {
        AtomicReference<CommandResultMessage<?>> answer = new AtomicReference<>();
        members.dispatch(command, (c, result) -> answer.set(result));
        if (answer.get() == null) {
            throw new IllegalStateException("the command bus answered " + command.getCommandName() + " later; "
                    + "group commit needs a bus that decides on the sending thread");
        }
        return answer.get();
    }

    private void alone(Pending member) {
        try {
            members.dispatch(member.command(), (command, answer) -> member.answer(answer));
            groupSizes.record(1);
        } catch (RuntimeException | Error e) {
            member.answer(asCommandResultMessage(e));
        }
    }

    private void answerLeftAlone() {
        List<Pending> left;
        lock.lock();
        try {
            left = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        left.forEach(this::alone);
    }

    /** Ends a group's member loop: one member was not accepted, so the group is not stored. */
    private static final class MemberNotAccepted extends RuntimeException {
        MemberNotAccepted(Throwable cause) {
            super("a member of the group was not accepted", cause, false, false);
        }
    }

    private final class GroupingBus implements CommandBus {

        @Override
        public <C> void dispatch(CommandMessage<C> command) {
            dispatch(command, LoggingCallback.INSTANCE);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
            if (closed || CurrentUnitOfWork.isStarted()) {
                members.dispatch(command, callback);
                return;
            }
            enqueue(new Pending(command, (CommandCallback<Object, Object>) callback));
            if (closed) {
                answerLeftAlone(); // closed while it was queued, after the committers had left
            }
        }

        @Override
        public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
            return members.subscribe(commandName, handler);
        }

        @Override
        public Registration registerHandlerInterceptor(
                MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
            return members.registerHandlerInterceptor(handlerInterceptor);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
            return members.registerDispatchInterceptor(dispatchInterceptor);
        }
    }
}
