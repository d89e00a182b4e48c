package dev.relationshipledger.command.access;

import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.kernel.id.UserName;

import java.util.Set;

import static dev.relationshipledger.command.rules.Rules.permit;

/**
 * Who may record facts on a relationship: its owner, a relationship manager the owner delegated to, or a manager.
 * Compliance officers, BI analysts and admins record nothing (admins only reassign owners). One rule, used by the
 * Relationship aggregate and by every other aggregate through {@link WriteAccess}.
 */
public final class RecordingRights {

    public static final String RULE = "owner-or-delegate-records";

    private RecordingRights() {
    }

    public static boolean mayRecord(Actor actor, UserName owner, Set<UserName> delegates) {
        if (actor.has(Role.MANAGER)) {
            return true;
        }
        return actor.has(Role.RELATIONSHIP_MANAGER) && (actor.is(owner) || delegates.contains(actor.name()));
    }

    public static void requireMayRecord(Actor actor, UserName owner, Set<UserName> delegates) {
        permit(mayRecord(actor, owner, delegates), RULE,
                "only the relationship's owner, a delegate of the owner, or a manager may record on it");
    }
}
