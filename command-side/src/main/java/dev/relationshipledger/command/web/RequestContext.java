package dev.relationshipledger.command.web;

import dev.relationshipledger.command.store.TimeOrderedIdentifiers;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.validation.InvalidValue;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a command inherits from the HTTP request that carried it: the authenticated actor, the conversation's
 * correlation id ({@value #CORRELATION_HEADER}, generated when absent), an id of its own for this request, and the
 * version the client expects ({@code If-Match}).
 */
public record RequestContext(Actor actor, String correlationId, String requestId, Long expectedVersion,
                             String idempotencyKey, String path) {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern VERSION = Pattern.compile("(W/)?\"?(\\d{1,18})\"?");

    public static RequestContext of(HttpServletRequest request, Authentication authentication) {
        return new RequestContext(actorOf(authentication), correlationId(request),
                TimeOrderedIdentifiers.next().toString(), expectedVersion(request.getHeader("If-Match")),
                idempotencyKey(request), request.getRequestURI());
    }

    /**
     * An id for something the request creates when the client chose none: time-ordered and random
     * ({@link TimeOrderedIdentifiers}), or, with an Idempotency-Key, derived from user, key and path, so that a retry
     * names the same thing.
     */
    public UUID newId() {
        if (idempotencyKey == null) {
            return TimeOrderedIdentifiers.next();
        }
        String seed = actor.name().value() + '\n' + idempotencyKey + '\n' + path;
        return UUID.nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Actor actorOf(Authentication authentication) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name.startsWith("ROLE_")) {
                try {
                    roles.add(Role.valueOf(name.substring(5)));
                } catch (IllegalArgumentException ignored) {
                    // an authority the ledger does not know grants nothing here
                }
            }
        }
        return new Actor(UserName.of(authentication.getName()), roles);
    }

    private static String correlationId(HttpServletRequest request) {
        String given = request.getHeader(CORRELATION_HEADER);
        if (given == null || given.isBlank()) {
            return TimeOrderedIdentifiers.next().toString();
        }
        if (!SAFE_ID.matcher(given).matches()) {
            throw InvalidValue.of(CORRELATION_HEADER, "must be 1-100 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return given;
    }

    private static String idempotencyKey(HttpServletRequest request) {
        String key = request.getHeader(IDEMPOTENCY_HEADER);
        if (key == null) {
            return null;
        }
        if (!SAFE_ID.matcher(key).matches()) {
            throw InvalidValue.of(IDEMPOTENCY_HEADER, "must be 1-100 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return key;
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        var matcher = VERSION.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw InvalidValue.of("If-Match", "must be the aggregate version returned by the previous command, e.g. \"3\"");
        }
        return Long.parseLong(matcher.group(2));
    }
}
