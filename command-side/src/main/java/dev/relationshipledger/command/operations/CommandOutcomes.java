package dev.relationshipledger.command.operations;

import dev.relationshipledger.command.web.CommandSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.util.Set;

/**
 * Counts what became of every command sent over HTTP ({@code ledger_commands_total{outcome, route}}) and how many
 * answers were idempotent replays ({@code ledger_idempotent_replays_total{route}}). Runs outside everything else
 * (before security and the size limit), so refusals that never reach a controller are counted too. The route is
 * the matched path pattern ({@code /relationships/{relationshipId}/contacts}), never the path itself, so labels
 * stay few.
 *
 * <table>
 *   <caption>outcomes</caption>
 *   <tr><td>accepted</td><td>2xx: events appended</td></tr>
 *   <tr><td>replayed</td><td>2xx answered from a remembered Idempotency-Key: nothing appended</td></tr>
 *   <tr><td>invalid</td><td>400, 413, 415, 422: the request itself is wrong</td></tr>
 *   <tr><td>refused</td><td>409 rule-violated or 403 not-permitted: a business rule said no</td></tr>
 *   <tr><td>conflict</td><td>409 version-conflict or already-exists: a concurrent or repeated write</td></tr>
 *   <tr><td>not_found</td><td>404</td></tr>
 *   <tr><td>denied</td><td>401, or 403 for a role that may not write at all</td></tr>
 *   <tr><td>error</td><td>5xx: our fault</td></tr>
 * </table>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class CommandOutcomes extends OncePerRequestFilter {

    /** Request attribute carrying the problem type (the part after {@code urn:relationship-ledger:problem:}). */
    static final String PROBLEM_TYPE = CommandOutcomes.class.getName() + ".problemType";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> RULES = Set.of("rule-violated", "not-permitted");

    private final MeterRegistry registry;

    public CommandOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            record(request, response);
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String route = pattern == null ? "unmatched" : pattern.toString();
        boolean replayed = "true".equals(response.getHeader(CommandSender.REPLAYED_HEADER));
        String outcome = outcome(response.getStatus(), (String) request.getAttribute(PROBLEM_TYPE), replayed);
        Counter.builder("ledger.commands")
                .description("Commands received over HTTP, by outcome and route")
                .tag("outcome", outcome)
                .tag("route", route)
                .register(registry)
                .increment();
        if (replayed) {
            Counter.builder("ledger.idempotent.replays")
                    .description("Answers served from a remembered Idempotency-Key (nothing appended)")
                    .tag("route", route)
                    .register(registry)
                    .increment();
        }
    }

    static String outcome(int status, String problemType, boolean replayed) {
        if (status >= 200 && status < 300) {
            return replayed ? "replayed" : "accepted";
        }
        if (status >= 500) {
            return "error";
        }
        if (problemType != null && RULES.contains(problemType)) {
            return "refused";
        }
        return switch (status) {
            case 400, 413, 415, 422 -> "invalid";
            case 409 -> "conflict";
            case 404 -> "not_found";
            case 401, 403 -> "denied";
            default -> "invalid";
        };
    }
}
