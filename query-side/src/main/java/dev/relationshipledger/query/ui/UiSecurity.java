package dev.relationshipledger.query.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.query.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The web workspace's filter chain, for /ui and /ui/** only (the read API keeps its own, stateless HTTP Basic one).
 *
 * <ul>
 *   <li>Form login at /ui/login with the ledger's users and roles; a session, whose cookie is scoped to /ui
 *       (query-side.yml), so it never reaches the API paths; the session id changes at login.</li>
 *   <li>CSRF tokens (in the session) on every state-changing request: the login and the logout form. The pages
 *       only read.</li>
 *   <li>Pages without a session are redirected to the login page; /ui/api/** answers 401 and 403 as problems,
 *       with no Basic challenge (the browser would pop up its own dialog).</li>
 *   <li>The compliance page and the chain verification call: compliance officers and admins only
 *       ({@link UiRoles#COMPLIANCE}). Everything else a logged-in user may open; the read API decides the data.</li>
 *   <li>A Content-Security-Policy that allows only this origin's scripts, styles and connections.</li>
 * </ul>
 */
public final class UiSecurity {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private UiSecurity() {
    }

    public static HttpSecurity configure(HttpSecurity http, ObjectMapper json, UiProperties ui) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher api = paths.matcher("/ui/api/**");
        RequestMatcher assets = paths.matcher("/ui/assets/**");

        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setRequestMatcher(new AndRequestMatcher(new NegatedRequestMatcher(api),
                new NegatedRequestMatcher(assets), new NegatedRequestMatcher(paths.matcher("/ui/login"))));
        SavedRequestAwareAuthenticationSuccessHandler toPage = new SavedRequestAwareAuthenticationSuccessHandler();
        toPage.setDefaultTargetUrl("/ui/index.html");
        toPage.setRequestCache(requestCache);
        AuthenticationSuccessHandler success = (request, response, authentication) -> {
            if (ui.callsCommandSide()) {
                CommandSideCredentials.keep(request, request.getParameter("password"));
            }
            toPage.onAuthenticationSuccess(request, response, authentication);
        };

        AccessDeniedHandler apiDenied = (request, response, e) -> Problems.write(request, response, json,
                Problems.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "your role may not do this"));
        AccessDeniedHandler pageDenied = (request, response, e) -> forbiddenPage(response);

        http.securityMatcher(new OrRequestMatcher(paths.matcher("/ui"), paths.matcher("/ui/**")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths.matcher("/ui/login"), assets).permitAll()
                        .requestMatchers(paths.matcher("/ui/compliance.html"),
                                paths.matcher("/ui/api/command/chain/**")).hasAnyRole(UiRoles.array(UiRoles.COMPLIANCE))
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/ui/login").loginProcessingUrl("/ui/login")
                        .successHandler(success).failureUrl("/ui/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/ui/logout").logoutSuccessUrl("/ui/login?logout")
                        .invalidateHttpSession(true).clearAuthentication(true))
                .requestCache(cache -> cache.requestCache(requestCache))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor((request, response, e) -> Problems.write(request, response,
                                json, Problems.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                                        "Authentication required", "log in to the workspace at /ui/login")), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/ui/login"),
                                new NegatedRequestMatcher(api))
                        .defaultAccessDeniedHandlerFor(apiDenied, api)
                        .defaultAccessDeniedHandlerFor(pageDenied, new NegatedRequestMatcher(api)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http;
    }

    private static void forbiddenPage(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Not for your role · Relationship Ledger</title>
                <link rel="stylesheet" href="/ui/assets/app.css"></head>
                <body><main id="main" class="login">
                <h1>Not for your role</h1>
                <p id="forbidden-message" role="alert">Your role may not open this page.</p>
                <p><a href="/ui/index.html">Back to the portfolio</a></p>
                </main></body></html>
                """);
    }
}
