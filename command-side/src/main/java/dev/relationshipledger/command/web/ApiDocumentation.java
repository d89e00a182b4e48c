package dev.relationshipledger.command.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command API's OpenAPI document (served at /v3/api-docs, kept in docs/api/command-side.openapi.json): HTTP
 * Basic, and on every command the headers the ledger reads (If-Match, Idempotency-Key, X-Correlation-Id). The
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
                                + "conflict, 413, 422 idempotency key reused)."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    @Bean
    OpenApiCustomizer commandHeaders() {
        return api -> api.getPaths().values().forEach(path -> {
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
