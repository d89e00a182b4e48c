package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.actor.Role;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may read which negotiation history: every authenticated role reads all, except a user whose only reading
 * role is RELATIONSHIP_MANAGER, who reads the negotiations of the relationships they own or were delegated
 * ({@link dev.relationshipledger.query.status.ResponsibleManagers}) and nothing else.
 */
final class NegotiationAccess {

    private static final Set<String> READ_ALL = Set.of("ROLE_" + Role.MANAGER, "ROLE_" + Role.COMPLIANCE_OFFICER,
            "ROLE_" + Role.BI_ANALYST, "ROLE_" + Role.ADMIN);

    private NegotiationAccess() {
    }

    /** The user name to restrict to, or null when the user reads every negotiation. */
    static String restrictedTo(Authentication user) {
        Set<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        boolean readsAll = roles.stream().anyMatch(READ_ALL::contains);
        return readsAll ? null : user.getName();
    }

    /** Refuses (403) a restricted user who is neither the relationship's owner nor its delegate. */
    static void requireResponsible(boolean responsible) {
        if (!responsible) {
            throw new AccessDeniedException(
                    "a relationship manager reads only the negotiations of relationships they own or were delegated");
        }
    }
}
