package dev.relationshipledger.command.access;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;

import java.util.Set;

/** What the other aggregates need to know about a relationship: who may record on it and whether it is closed. */
public record DirectoryEntry(RelationshipId relationshipId, UserName owner, Set<UserName> delegates, boolean closed) {

    public DirectoryEntry {
        delegates = Set.copyOf(delegates);
    }
}
