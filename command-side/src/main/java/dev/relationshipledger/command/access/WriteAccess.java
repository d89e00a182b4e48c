package dev.relationshipledger.command.access;

import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.id.RelationshipId;

import static dev.relationshipledger.command.rules.Rules.require;

/**
 * The checks an aggregate other than Relationship makes before recording against a relationship. Injected into
 * command handlers as a parameter, so that aggregate tests can hand in a directory of their own.
 */
public class WriteAccess {

    private final RelationshipDirectory directory;

    public WriteAccess(RelationshipDirectory directory) {
        this.directory = directory;
    }

    /** The relationship exists and the actor may record on it; answers its entry. */
    public DirectoryEntry requireRecorder(Actor actor, RelationshipId relationshipId) {
        DirectoryEntry entry = directory.find(relationshipId).orElseThrow(() -> new UnknownRelationship(relationshipId));
        RecordingRights.requireMayRecord(actor, entry.owner(), entry.delegates());
        return entry;
    }

    /** As {@link #requireRecorder}, and the relationship is open. */
    public DirectoryEntry requireOpenRecorder(Actor actor, RelationshipId relationshipId) {
        DirectoryEntry entry = requireRecorder(actor, relationshipId);
        require(!entry.closed(), "relationship-open", "the relationship is closed; reopen it first");
        return entry;
    }
}
