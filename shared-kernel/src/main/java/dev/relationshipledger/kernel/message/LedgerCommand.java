package dev.relationshipledger.kernel.message;

/**
 * A request to change one aggregate. The command side routes it by {@link #targetAggregateId()}; the expected
 * version for optimistic concurrency travels beside it (HTTP If-Match), never inside it.
 */
public interface LedgerCommand {

    String targetAggregateId();
}
