package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.actor.Role;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;

/**
 * Whose records a user reads: managers, compliance officers, BI analysts and admins those of every relationship; a
 * user with none of those roles (a relationship manager) only those of the relationships they own or were delegated
 * ({@link ResponsibleManagers}), as the negotiation histories and the audit trail apply it.
 */
public final class ReadingScope {

    private static final Set<String> READ_ALL = Set.of("ROLE_" + Role.MANAGER, "ROLE_" + Role.COMPLIANCE_OFFICER,
            "ROLE_" + Role.BI_ANALYST, "ROLE_" + Role.ADMIN);

    private ReadingScope() {
    }

    /** The user name to restrict to, or null when the user reads every relationship's records. */
    public static String restrictedTo(Authentication user) {
        for (GrantedAuthority authority : user.getAuthorities()) {
            if (READ_ALL.contains(authority.getAuthority())) {
                return null;
            }
        }
        return user.getName();
    }

    /** Refuses (403) a restricted user who is neither the relationship's owner nor its delegate. */
    public static void requireResponsible(boolean responsible, String what) {
        if (!responsible) {
            throw new AccessDeniedException(
                    "a relationship manager reads only " + what + " of relationships they own or were delegated");
        }
    }
}
