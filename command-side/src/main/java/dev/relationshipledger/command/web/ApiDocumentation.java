package dev.relationshipledger.command.web;

import dev.relationshipledger.support.web.ProblemResponses;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * The command API's OpenAPI document (served at /v3/api-docs, kept in docs/api/command-side.openapi.json): HTTP
 * Basic, and on every command the headers the ledger reads (If-Match, Idempotency-Key, X-Correlation-Id), the
 * problems it may answer (the README's table of refusals) and, where it creates something, 201 with a Location. The
 * RequestContext controller parameter is built from those, not sent by clients.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(RequestContext.class);
    }

    @Bean
    OpenAPI commandApi() {
        return new OpenAPI()
                .info(new Info().title("Relationship Ledger — command API").version("1")
                        .description("Every command answers with {aggregateId, version, position}; refusals are "
                                + "application/problem+json (400 invalid, 401, 403, 404, 409 rule or version "
                                + "conflict, 413, 415, 422 idempotency key reused; 503 with Retry-After when not "
                                + "completed in time)."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    /** What any command may be refused with (README, "Walkthrough": the table of refusals). */
    private static final Map<String, String> COMMAND_PROBLEMS = ProblemResponses.of(
            "400", "a missing, blank, too long or wrongly typed field, an unknown field or enum value (errors names each)",
            "401", "no or wrong credentials",
            "403", "a role that may not write, or an aggregate you may not record on",
            "404", "an unknown relationship, negotiation, complaint or contract",
            "409", "a broken business rule (rule names it), a stale If-Match, or an id that already exists",
            "413", "a body over ledger.http.max-body-size",
            "415", "a content type other than JSON",
            "422", "an Idempotency-Key reused for a different request",
            "503", "not completed in time, with Retry-After: the database unreachable or past its limits, the command "
                    + "left undecided after waiting for a committer, or no answer within ledger.commands.answer-timeout "
                    + "(detail says which); retry with the same Idempotency-Key: a recorded command is then answered, "
                    + "not recorded again");
    /** What an evidence pack may answer besides the zip (EvidenceController). */
    private static final Map<String, String> EVIDENCE_PROBLEMS = ProblemResponses.of(
            "404", "no events of a relationship (or a negotiation) with this id",
            "409", "the hash chain does not verify over these events (ledger-integrity, with the position)",
            "503", "this deployment has no signing key (no-signing-key), or the latest events are not chained and "
                    + "signed yet (not-yet-chained, with Retry-After)");
    private static final Map<String, String> READ_PROBLEMS = ProblemResponses.of(
            "400", "an unknown or malformed parameter (errors names it)",
            "401", "no or wrong credentials",
            "403", "a role that may not read this");

    /** A command that creates something answers 201 and says where; springdoc, seeing a ResponseEntity, says 200. */
    @Bean
    OperationCustomizer createdAnswers() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(Creates.class) && operation.getResponses() != null) {
                ApiResponse ok = operation.getResponses().remove("200");
                if (ok != null) {
                    operation.getResponses().addApiResponse("201", ok.description("Created")
                            .addHeaderObject("Location", new Header().description("the created entry's path: further commands go"
                                    + " under it; this side serves no GET, read it on the query side")
                                    .schema(new StringSchema())));
                }
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer commandHeaders() {
        return api -> {
            ProblemResponses.addSchema(api);
            api.getPaths().forEach((route, path) -> {
                if (path.getGet() != null) {
                    if (route.startsWith("/evidence/")) {
                        ProblemResponses.add(path.getGet(), EVIDENCE_PROBLEMS);
                    }
                    ProblemResponses.add(path.getGet(), READ_PROBLEMS);
                }
                if (path.getPost() != null) {
                    ProblemResponses.add(path.getPost(), COMMAND_PROBLEMS);
                }
            });
            commandHeaders(api);
        };
    }

    private static void commandHeaders(OpenAPI api) {
        api.getPaths().values().forEach(path -> {
            if (path.getPost() != null) {
                path.getPost()
                        .addParametersItem(header("If-Match", "the aggregate version you expect, e.g. \"3\"; 409 if it changed"))
                        .addParametersItem(header(RequestContext.IDEMPOTENCY_HEADER,
                                "a key of yours: a retry with the same key and body returns the first answer and appends nothing"))
                        .addParametersItem(header(RequestContext.CORRELATION_HEADER,
                                "your conversation id, recorded in every event's metadata"));
            }
        });
    }

    private static HeaderParameter header(String name, String description) {
        HeaderParameter header = new HeaderParameter();
        header.setName(name);
        header.setDescription(description);
        header.setRequired(false);
        header.setSchema(new StringSchema());
        return header;
    }
}
