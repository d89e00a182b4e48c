package dev.relationshipledger.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * JWT bearer tokens beside HTTP Basic, when an issuer or key is configured (Spring's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or {@code public-key-location}).
 * The user is the token's {@code ledger.security.jwt.user-claim} (default {@code preferred_username}) and the roles
 * are the names listed in its {@code ledger.security.jwt.roles-claim} (default {@code ledger_roles}, e.g.
 * {@code ["RELATIONSHIP_MANAGER"]}); an unknown role name grants nothing.
 */
public final class BearerTokens {

    private BearerTokens() {
    }

    public static void enable(HttpSecurity http, JwtDecoder decoder, String rolesClaim, String userClaim,
                       AuthenticationEntryPoint entryPoint) throws Exception {
        if (decoder == null) {
            return;
        }
        http.oauth2ResourceServer(server -> server
                .authenticationEntryPoint(entryPoint)
                .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter(rolesClaim, userClaim))));
    }

    public static Converter<Jwt, AbstractAuthenticationToken> converter(String rolesClaim, String userClaim) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(rolesClaim);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        converter.setPrincipalClaimName(userClaim);
        return converter;
    }
}
