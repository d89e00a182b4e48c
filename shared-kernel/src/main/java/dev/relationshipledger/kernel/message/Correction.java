package dev.relationshipledger.kernel.message;

/**
 * An event that supersedes a recorded fact without changing it: the original event keeps its place in the ledger
 * and the correction points at it through the same {@link #subject()}, with a reason.
 */
public interface Correction extends Subject {

    String reason();
}
