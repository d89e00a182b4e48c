package dev.relationshipledger.query.audit;

import dev.relationshipledger.kernel.actor.Role;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read the audit trail: managers, compliance officers, BI analysts and admins. Relationship managers may
 * not (yet): the trail spans every relationship, and reading it per relationship they own comes later.
 */
final class AuditAccess {

    static final Set<Role> READERS = EnumSet.of(Role.MANAGER, Role.COMPLIANCE_OFFICER, Role.BI_ANALYST, Role.ADMIN);

    private AuditAccess() {
    }

    /** Returns when the caller may read the trail; otherwise throws, and the security layer answers 403. */
    static void check(Authentication authentication) {
        if (authentication != null && authentication.isAuthenticated()) {
            for (GrantedAuthority authority : authentication.getAuthorities()) {
                for (Role role : READERS) {
                    if (("ROLE_" + role.name()).equals(authority.getAuthority())) {
                        return;
                    }
                }
            }
        }
        throw new AccessDeniedException("the audit trail is readable by " + READERS);
    }
}
