package dev.relationshipledger.command.access;

import dev.relationshipledger.command.security.LedgerUsers;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.InvalidValue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The people a command may name (an owner, a delegate, an approver) must be users of this ledger in a role that can
 * act on what they are named for: a relationship owned by {@code ghost}, or by a BI analyst, has nobody who may record
 * on it. Checked where the users are known, from {@code ledger.security.users}; with bearer tokens the identity
 * provider holds the users, the ledger cannot list them, and names are taken as given.
 */
@Component
public class KnownUsers {

    /** Who may own a relationship or be its delegate: those who record on the relationships they are named for. */
    public static final Set<Role> RELATIONSHIP_MANAGERS = EnumSet.of(Role.RELATIONSHIP_MANAGER);
    /** Who may be a mandate's approver: those who may record on a negotiation at all. */
    public static final Set<Role> APPROVERS = EnumSet.of(Role.MANAGER, Role.RELATIONSHIP_MANAGER);

    private final Map<String, Set<Role>> roles;
    private final boolean checking;

    public KnownUsers(LedgerUsers users, ObjectProvider<JwtDecoder> bearerTokens) {
        this.roles = users.users().stream().collect(Collectors.toMap(LedgerUsers.User::name,
                user -> user.roles() == null ? Set.of() : Set.copyOf(user.roles()), (a, b) -> a));
        this.checking = !roles.isEmpty() && bearerTokens.getIfAvailable() == null;
    }

    /** Refuses (400 naming the field) a user who is not one of this ledger's users in one of the roles. */
    public void require(String field, UserName user, Set<Role> anyOf) {
        if (user != null && !known(user, anyOf)) {
            throw InvalidValue.of(field, notKnown(user, anyOf));
        }
    }

    /** The same for every user of a list, each named by its place ({@code mandate.approvers[1]}). */
    public void requireEach(String field, List<UserName> users, Set<Role> anyOf) {
        if (users == null) {
            return;
        }
        List<InvalidValue.Violation> unknown = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i) != null && !known(users.get(i), anyOf)) {
                unknown.add(new InvalidValue.Violation(field + "[" + i + "]", notKnown(users.get(i), anyOf)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidValue(unknown);
        }
    }

    private boolean known(UserName user, Set<Role> anyOf) {
        if (!checking) {
            return true;
        }
        Set<Role> has = roles.get(user.value());
        return has != null && has.stream().anyMatch(anyOf::contains);
    }

    private static String notKnown(UserName user, Set<Role> anyOf) {
        return "is not a user of this ledger in the role " + anyOf.stream().map(Role::name)
                .collect(Collectors.joining(" or ")) + " (user names are exact, case included): " + user;
    }
}
