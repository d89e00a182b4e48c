package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.query.status.ResponsibleManagers;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who may replay a relationship (as-of, steps, turning points, comparisons): managers, compliance officers and
 * admins any; a relationship manager the relationships they own or were delegated ({@link ResponsibleManagers}); a BI
 * analyst none (BI reads projections only).
 */
@Component
public class ReplayAccess {

    private static final Set<String> REPLAY_ANY = Set.of("ROLE_" + Role.MANAGER, "ROLE_" + Role.COMPLIANCE_OFFICER,
            "ROLE_" + Role.ADMIN);
    private static final String RELATIONSHIP_MANAGER = "ROLE_" + Role.RELATIONSHIP_MANAGER;

    private final ResponsibleManagers responsible;

    public ReplayAccess(ResponsibleManagers responsible) {
        this.responsible = responsible;
    }

    /**
     * Refuses at once a user whose roles replay no relationship (a BI analyst): before any wait for {@code atLeast},
     * which could not change the answer.
     */
    public void requireMayReplay(Authentication user) {
        Set<String> roles = roles(user);
        if (roles.stream().noneMatch(REPLAY_ANY::contains) && !roles.contains(RELATIONSHIP_MANAGER)) {
            throw new AccessDeniedException(
                    "replaying a relationship is for managers, compliance officers, admins, its owner and its delegates");
        }
    }

    /**
     * Refuses a user who may not replay this relationship. Call it after waiting for {@code atLeast}: the owner and
     * delegates are the status projection's, so a delegation or reassignment the caller just made counts.
     */
    public void require(Authentication user, String relationshipId) {
        requireMayReplay(user);
        Set<String> roles = roles(user);
        // A relationship the status projection has no row for is refused too: the audit trail, which a replay reads,
        // may know it (a new one not projected yet, or one whose status row failed), and its owner is unknown.
        if (roles.stream().noneMatch(REPLAY_ANY::contains)
                && !responsible.include(UUID.fromString(relationshipId), user.getName()).orElse(false)) {
            throw new AccessDeniedException(
                    "a relationship manager replays only the relationships they own or were delegated");
        }
    }

    private static Set<String> roles(Authentication user) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
    }
}
