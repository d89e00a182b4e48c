package dev.relationshipledger.command.store;

import dev.relationshipledger.kernel.personaldata.PersonalDataErased;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;

/**
 * Decides a command again when its append lost a race: another command node appended to the same aggregate after
 * this node loaded it (from the {@link AggregateCache} or the store), and the event table's unique key on
 * (aggregate, sequence) refused this node's append. Nothing of the first attempt was stored and the aggregate has
 * left the cache, so the retry loads the current state and applies the rules to it; a command sent with an expected
 * version (If-Match) is then refused as stale (409), as it would have been had it arrived a moment later.
 *
 * <p>The same race can be lost on a key instead (decisions 0021, 0022): another node erased what a contact or a
 * complaint says after this node loaded the aggregate, so the text this command records finds its key destroyed
 * ({@link PersonalDataErased}) before its append could collide. Nothing was stored either, and decided again on the
 * fresh state the command is refused by the rule that keeps erased text erased (409), not answered 500.
 *
 * <p>Only these races are retried, at once and at most {@code maxRetries} times: any other failure (a rule, a
 * database that did not answer) goes back to the sender unchanged, so a command whose outcome is unknown is never
 * sent twice.
 */
public final class RetryOnConcurrentAppend implements RetryScheduler {

    private final int maxRetries;

    public RetryOnConcurrentAppend(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be >= 0");
        }
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        if (!(lastFailure instanceof ConcurrencyException || erasedMeanwhile(lastFailure))
                || failures.size() > maxRetries) {
            return false;
        }
        dispatchTask.run();
        return true;
    }

    /** Whether the failure is a key found destroyed as the events were serialized (wrapped by Jackson and Axon). */
    static boolean erasedMeanwhile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PersonalDataErased) {
                return true;
            }
        }
        return false;
    }
}
