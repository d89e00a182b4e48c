package dev.relationshipledger.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Duration;
import java.util.List;

/**
 * Headers on every response and the CORS rule. Spring Security's defaults stay (X-Content-Type-Options nosniff,
 * X-Frame-Options DENY, Cache-Control no-store); added: a Content-Security-Policy that allows nothing (an API
 * serves no page; the API docs' pages get one that allows their own scripts and styles) and Referrer-Policy
 * no-referrer. CORS is closed: a cross-origin request (preflight included) is refused with 403 unless its origin is
 * listed in {@code ledger.http.cors.allowed-origins} (comma separated, empty by default).
 */
public final class HttpHeaderRules {

    public static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    public static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'";
    private static final String CSP = "Content-Security-Policy";

    private HttpHeaderRules() {
    }

    public static void apply(HeadersConfigurer<HttpSecurity> headers) {
        RequestMatcher docs = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"));
        headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(docs),
                        new StaticHeadersWriter(CSP, API_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(docs, new StaticHeadersWriter(CSP, DOCS_POLICY)));
    }

    public static CorsConfigurationSource cors(List<String> allowedOrigins) {
        CorsConfiguration configuration = new CorsConfiguration();
        List<String> origins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
        configuration.setAllowedOrigins(origins);
        configuration.setAllowedMethods(List.of("GET", "POST"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key",
                "X-Correlation-Id"));
        configuration.setExposedHeaders(List.of("Location", "ETag", "Retry-After"));
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", configuration);
        return source;
    }
}
