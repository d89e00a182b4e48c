package dev.relationshipledger.command.web;

/**
 * The answer to every accepted command: which aggregate, its version after the command (use it as If-Match for
 * the next one) and the global position of the last event appended (hand it to the query side to read your write).
 */
public record CommandAccepted(String aggregateId, long version, long position) {
}
