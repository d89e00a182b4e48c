package dev.relationshipledger.kernel.actor;

import dev.relationshipledger.kernel.id.UserName;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who acts, as recorded in every event's metadata ({@value #NAME_KEY}, {@value #ROLES_KEY}). Only ever built from
 * the authenticated principal, never from a request body.
 */
public record Actor(UserName name, Set<Role> roles) {

    public static final String NAME_KEY = "actor";
    public static final String ROLES_KEY = "actorRoles";

    public Actor {
        if (name == null) {
            throw new IllegalArgumentException("an actor needs a name");
        }
        roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** Reads the actor back from the two metadata values written by {@link #rolesText()}. */
    public static Actor fromMetadata(String name, String roles) {
        if (name == null) {
            throw new IllegalStateException("a command arrived without an authenticated actor");
        }
        Set<Role> parsed = roleNames(roles).stream().map(Role::valueOf).collect(Collectors.toSet());
        return new Actor(UserName.of(name), parsed);
    }

    /**
     * The role names in a metadata value written by {@link #rolesText()}, in its order; none for a missing one.
     * Names are not checked against today's roles: a history shows the roles its actor had.
     */
    public static List<String> roleNames(String rolesText) {
        return rolesText == null || rolesText.isBlank()
                ? List.of()
                : Arrays.stream(rolesText.split(",")).map(String::strip).toList();
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean is(UserName user) {
        return name.equals(user);
    }

    /** Roles in a stable order, comma separated, for metadata and audit rows. */
    public String rolesText() {
        return roles.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }
}
