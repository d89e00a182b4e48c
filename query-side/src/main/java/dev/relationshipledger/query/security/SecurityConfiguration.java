package dev.relationshipledger.query.security;

import dev.relationshipledger.support.security.BearerTokens;
import dev.relationshipledger.support.security.HttpHeaderRules;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.query.web.Problems;
import dev.relationshipledger.query.ui.UiProperties;
import dev.relationshipledger.query.ui.UiSecurity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
 * Who may read what on the query side: HTTP Basic over the same configured users as the command side. The web
 * workspace under /ui has a chain of its own (form login, a session cookie scoped to /ui, CSRF; {@link UiSecurity});
 * every other path keeps the API chain below, stateless HTTP Basic, unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LedgerUsers.class, UiProperties.class})
public class SecurityConfiguration {

    /** The web workspace: /ui/** only, consulted before the API chain. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain uiSecurity(HttpSecurity http, ObjectMapper json, UiProperties ui) throws Exception {
        return UiSecurity.configure(http, json, ui).build();
    }

    /** The read API, for every path the UI chain does not take. */
    @Bean
    SecurityFilterChain querySecurity(HttpSecurity http, ObjectMapper json,
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
                        // Operations: dead letters of the projections (list, retry, evict).
                        .requestMatchers("/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
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
