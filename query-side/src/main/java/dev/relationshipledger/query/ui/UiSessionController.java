package dev.relationshipledger.query.ui;

import dev.relationshipledger.kernel.actor.Role;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Set;

/** Who is logged in to the workspace, what the pages may offer them, and the CSRF token for logging out. */
@RestController
@Hidden
public class UiSessionController {

    private final UiProperties properties;

    public UiSessionController(UiProperties properties) {
        this.properties = properties;
    }

    public record Session(String user, Set<String> roles, Map<String, Object> may, Map<String, String> csrf,
                          boolean commandSide) {
    }

    @GetMapping(path = "/ui/api/session", produces = "application/json")
    public Session session(Authentication user, CsrfToken csrf) {
        Set<Role> roles = UiRoles.of(user);
        Map<String, Object> may = Map.of(
                "compliance", UiRoles.any(roles, UiRoles.COMPLIANCE),
                "audit", UiRoles.any(roles, UiRoles.AUDIT),
                "evidence", UiRoles.any(roles, UiRoles.EVIDENCE),
                "negotiations", UiRoles.any(roles, UiRoles.ALL_NEGOTIATIONS) ? "all" : "own");
        return new Session(user.getName(), UiRoles.names(roles), may,
                Map.of("headerName", csrf.getHeaderName(), "parameterName", csrf.getParameterName(),
                        "token", csrf.getToken()),
                properties.callsCommandSide());
    }
}
