package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.kernel.actor.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who may replay a relationship (as-of, steps, turning points, comparisons): managers, compliance officers and
 * admins any; a relationship manager the relationships they own; a BI analyst none (BI reads projections only).
 */
@Component
public class ReplayAccess {

    private static final Set<String> REPLAY_ANY = Set.of("ROLE_" + Role.MANAGER, "ROLE_" + Role.COMPLIANCE_OFFICER,
            "ROLE_" + Role.ADMIN);

    private final JdbcTemplate jdbc;

    public ReplayAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void require(Authentication user, String relationshipId) {
        Set<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        if (roles.stream().anyMatch(REPLAY_ANY::contains)) {
            return;
        }
        if (roles.contains("ROLE_" + Role.RELATIONSHIP_MANAGER)) {
            List<String> owner = jdbc.queryForList("SELECT owner FROM read_model.relationship_status WHERE relationship_id = ?",
                    String.class, UUID.fromString(relationshipId));
            if (owner.isEmpty() || owner.get(0).equals(user.getName())) {
                return; // unknown relationships answer 404 further on
            }
            throw new AccessDeniedException("a relationship manager replays only the relationships they own");
        }
        throw new AccessDeniedException("replaying a relationship is for managers, compliance officers, admins and its owner");
    }
}
