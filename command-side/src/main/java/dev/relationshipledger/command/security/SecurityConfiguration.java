package dev.relationshipledger.command.security;

import dev.relationshipledger.support.security.BearerTokens;
import dev.relationshipledger.support.security.HttpHeaderRules;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.web.Problems;
import dev.relationshipledger.kernel.actor.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.util.List;

/**
 * Who may call what on the command side. HTTP Basic over users from configuration; stateless, so no CSRF token is
 * involved. Role checks here are coarse (who may write at all); which relationship an actor may write to is a
 * business rule the aggregates enforce.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerUsers.class)
public class SecurityConfiguration {

    private static final String[] WRITERS = {Role.RELATIONSHIP_MANAGER.name(), Role.MANAGER.name()};

    @Bean
    SecurityFilterChain commandSecurity(HttpSecurity http, ObjectMapper json,
            @Value("${ledger.http.cors.allowed-origins:}") List<String> allowedOrigins,
            ObjectProvider<JwtDecoder> jwtDecoder,
            @Value("${ledger.security.jwt.roles-claim:ledger_roles}") String rolesClaim,
            @Value("${ledger.security.jwt.user-claim:preferred_username}") String userClaim) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"relationship-ledger\"");
            Problems.write(request, response, json, Problems.problem(HttpStatus.UNAUTHORIZED,
                    "unauthenticated", "Authentication required",
                    "send HTTP Basic credentials of a ledger user or a valid bearer token"));
        };
        BearerTokens.enable(http, jwtDecoder.getIfAvailable(), rolesClaim, userClaim, unauthenticated);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        Problems.write(request, response, json, Problems.problem(HttpStatus.FORBIDDEN, "forbidden",
                                "Forbidden", "your role may not do this"))))
                .headers(headers -> HttpHeaderRules.apply(headers))
                .cors(cors -> cors.configurationSource(HttpHeaderRules.cors(allowedOrigins)))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        // Tamper evidence: checking the chain is for compliance and operations; evidence packs are
                        // for compliance and managers (docs/tamper-evidence.md).
                        .requestMatchers(HttpMethod.GET, "/chain/**")
                        .hasAnyRole(Role.COMPLIANCE_OFFICER.name(), Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/evidence/**")
                        .hasAnyRole(Role.COMPLIANCE_OFFICER.name(), Role.MANAGER.name())
                        // Owners are reassigned by managers and admins, details erased by compliance officers;
                        // everything else is recorded by relationship managers and managers. Which relationship one may write to is the aggregates' business.
                        .requestMatchers(HttpMethod.POST, "/relationships/*/reassign-owner")
                        .hasAnyRole(Role.MANAGER.name(), Role.ADMIN.name())
                        // A person's details, what was said at a contact and what a complaint says are erased by
                        // the data-protection function (decisions 0019, 0021, 0022).
                        .requestMatchers(HttpMethod.POST, "/relationships/*/people/*/erase",
                                "/relationships/*/contacts/*/erase", "/complaints/*/erase")
                        .hasRole(Role.COMPLIANCE_OFFICER.name())
                        .requestMatchers(HttpMethod.POST, "/**").hasAnyRole(WRITERS)
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * Spring Security's firewall refuses some requests before any filter runs (a method such as TRACE or PROPFIND,
     * an encoded slash, a NUL in the path). By default that is a bare 400 without a body; here it is a problem.
     */
    @Bean
    RequestRejectedHandler requestRejected(ObjectMapper json) {
        return (request, response, e) -> {
            var problem = Problems.problem(HttpStatus.BAD_REQUEST, "request-rejected", "Bad Request",
                    "the request was rejected: it is not a request this API answers");
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType("application/problem+json");
            json.writeValue(response.getOutputStream(), problem);
        };
    }

    /**
     * Answered as a plain UserDetailsService on purpose: were it seen as a UserDetailsPasswordService, Spring would
     * "upgrade" {noop} demo passwords to bcrypt on first login and then pay a bcrypt check on every request.
     */
    @Bean
    UserDetailsService ledgerUserDetails(LedgerUsers users) {
        var manager = new InMemoryUserDetailsManager();
        for (LedgerUsers.User user : users.users()) {
            manager.createUser(User.withUsername(user.name())
                    .password(user.password())
                    .roles(user.roles().stream().map(Role::name).toArray(String[]::new))
                    .build());
        }
        return manager::loadUserByUsername;
    }
}
