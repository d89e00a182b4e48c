package dev.relationshipledger.query.ui;

import dev.relationshipledger.kernel.actor.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each role may see in the web workspace. The read API decides what data a user gets (the workspace calls it
 * as that user); these sets only decide which pages and controls are offered, and the UI filter chain refuses the
 * compliance page and the verification call to everyone else.
 */
public final class UiRoles {

    /** Run the hash-chain verification and open the compliance page (the command side's verification roles). */
    public static final Set<Role> COMPLIANCE = EnumSet.of(Role.COMPLIANCE_OFFICER, Role.ADMIN);

    /**
     * Read the whole audit trail (docs/read-models/audit-trail.md); a relationship manager reads only their
     * relationships' part of it, through the API, and is offered no audit controls.
     */
    public static final Set<Role> AUDIT = EnumSet.of(Role.MANAGER, Role.COMPLIANCE_OFFICER, Role.BI_ANALYST, Role.ADMIN);

    /**
     * Offered the evidence pack export: the roles the command side serves {@code GET /evidence/**} to (compliance
     * officers and managers, docs/tamper-evidence.md); it has the last word (its 403 is shown as it is).
     */
    public static final Set<Role> EVIDENCE = EnumSet.of(Role.MANAGER, Role.COMPLIANCE_OFFICER);

    /**
     * Read every negotiation; a user with none of these roles reads the negotiations of relationships they own or
     * were delegated.
     */
    public static final Set<Role> ALL_NEGOTIATIONS = EnumSet.of(Role.MANAGER, Role.COMPLIANCE_OFFICER, Role.BI_ANALYST,
            Role.ADMIN);

    private UiRoles() {
    }

    public static Set<Role> of(Authentication user) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : user.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                for (Role role : Role.values()) {
                    if (role.name().equals(name.substring(5))) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }

    static boolean any(Set<Role> held, Set<Role> wanted) {
        return held.stream().anyMatch(wanted::contains);
    }

    static Set<String> names(Set<Role> roles) {
        Set<String> names = new TreeSet<>();
        roles.forEach(r -> names.add(r.name()));
        return names;
    }

    /** For {@code hasAnyRole(...)}. */
    public static String[] array(Set<Role> roles) {
        return names(roles).toArray(String[]::new);
    }
}
