package dev.relationshipledger.command.access;

import dev.relationshipledger.kernel.id.RelationshipId;

import java.util.Optional;

/** Looks up relationships for the aggregates that refer to one (complaints, negotiations, contracts). */
public interface RelationshipDirectory {

    Optional<DirectoryEntry> find(RelationshipId relationshipId);
}
