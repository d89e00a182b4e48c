package dev.relationshipledger.command.access;

/** A command refers to another aggregate (a relationship, a negotiation, ...) that does not exist: 404. */
public class UnknownReference extends RuntimeException {

    public UnknownReference(String message) {
        super(message);
    }
}
