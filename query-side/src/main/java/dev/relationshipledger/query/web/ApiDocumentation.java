package dev.relationshipledger.query.web;

import dev.relationshipledger.support.web.ProblemResponses;
import io.swagger.v3.oas.models.Components;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * The read API's OpenAPI document (served at /v3/api-docs, kept in docs/api/query-side.openapi.json) lists the
 * problems a read may answer besides its 200: springdoc only sees what a handler returns.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    private static final Map<String, String> READ_PROBLEMS = ProblemResponses.of(
            "400", "an unknown or malformed parameter, a value out of range, an instant outside 1900-9999 "
                    + "(errors names it)",
            "401", "no or wrong credentials",
            "403", "a role that may not read this (e.g. a replay of another manager's relationship)",
            "503", "the read model has not reached atLeast within ledger.read-your-writes.max-wait; retry after "
                    + "Retry-After");
    private static final Map<String, String> NOT_FOUND = ProblemResponses.of(
            "404", "nothing with that id (or, as of an instant, nothing yet)");
    private static final Map<String, String> ADMIN_READ_PROBLEMS = ProblemResponses.of(
            "400", "an unknown or malformed parameter",
            "401", "no or wrong credentials",
            "403", "not an administrator");
    private static final Map<String, String> ADMIN_PROBLEMS = ProblemResponses.of(
            "400", "an unknown or malformed parameter",
            "401", "no or wrong credentials",
            "403", "not an administrator",
            "404", "an unknown projection, group or sequence",
            "409", "a rebuild is already running");

    @Bean
    OpenApiCustomizer readProblems() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            ProblemResponses.addSchema(api);
            api.getPaths().forEach((path, item) -> {
                if (item.getGet() != null) {
                    ProblemResponses.add(item.getGet(), path.startsWith("/admin/") ? ADMIN_READ_PROBLEMS : READ_PROBLEMS);
                    if (path.contains("{")) {
                        ProblemResponses.add(item.getGet(), NOT_FOUND);
                    }
                }
                if (item.getPost() != null) {
                    ProblemResponses.add(item.getPost(), ADMIN_PROBLEMS);
                }
                if (item.getDelete() != null) {
                    ProblemResponses.add(item.getDelete(), ADMIN_PROBLEMS);
                }
            });
        };
    }
}
