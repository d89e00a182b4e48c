package dev.relationshipledger.support.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The refusals an API document lists for its operations: an {@code application/problem+json} answer per status,
 * described in the README's words, with one shared {@value #SCHEMA} schema. Springdoc only sees what a handler
 * returns, so without this every operation listed a single 200 and a client generated from the document knew
 * nothing of the 4xx answers it must handle.
 */
public final class ProblemResponses {

    public static final String SCHEMA = "Problem";
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemResponses() {
    }

    /** Statuses and their descriptions, in the order given: {@code of("400", "…", "401", "…")}. */
    public static Map<String, String> of(String... statusAndDescription) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (int i = 0; i < statusAndDescription.length; i += 2) {
            problems.put(statusAndDescription[i], statusAndDescription[i + 1]);
        }
        return problems;
    }

    /** Adds the {@value #SCHEMA} schema: RFC 9457 fields, and the ledger's {@code errors} and {@code rule}. */
    public static void addSchema(OpenAPI api) {
        Schema<?> error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field or parameter at fault, e.g. counterparty.name"))
                .addProperty("message", new StringSchema());
        Schema<?> problem = new ObjectSchema()
                .description("A refusal (RFC 9457 problem details)")
                .addProperty("type", new StringSchema().description("stable, e.g. urn:relationship-ledger:problem:validation"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(error).description("400: every field at fault"))
                .addProperty("rule", new StringSchema().description("409: the business rule that refused"));
        api.getComponents().addSchemas(SCHEMA, problem);
    }

    /** Adds a problem answer for each status not already documented on the operation. */
    public static void add(Operation operation, Map<String, String> descriptions) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        descriptions.forEach((status, description) -> {
            if (!operation.getResponses().containsKey(status)) {
                operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                        .content(new Content().addMediaType(MEDIA_TYPE, new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)))));
            }
        });
    }
}
