package dev.relationshipledger.command.store;

import java.time.Duration;

/**
 * A command that waited for a committer longer than group commit's {@code max-wait} and was therefore not decided:
 * nothing of it was stored, and sending it again is safe (with its Idempotency-Key if it had one). The committers
 * were held up, most likely by a database slow to answer.
 */
public final class NotDecidedInTime extends RuntimeException {

    NotDecidedInTime(Duration waited) {
        super("the command waited " + waited.toMillis() + " ms for a committer, longer than "
                + "ledger.commands.group-commit.max-wait allows; it was not decided and nothing of it was stored",
                null, false, false);
    }
}
