package dev.relationshipledger.command.access;

import dev.relationshipledger.kernel.id.RelationshipId;

/** A command refers to a relationship that was never opened. */
public class UnknownRelationship extends UnknownReference {

    public UnknownRelationship(RelationshipId relationshipId) {
        super("no relationship " + relationshipId + " exists");
    }
}
