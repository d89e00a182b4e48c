package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI documents the applications serve (/v3/api-docs) are kept in docs/api/ and must match: an API change
 * without its document fails the build. To accept a change, run the build once with {@code -Dopenapi.update=true}
 * and commit the rewritten files.
 */
class ApiDocumentsTest extends RunningLedger {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void theCommandApiDocumentIsUpToDate() throws Exception {
        check(commands, "command-side.openapi.json");
    }

    @Test
    void theQueryApiDocumentIsUpToDate() throws Exception {
        check(queries, "query-side.openapi.json");
    }

    private static void check(LedgerHttp side, String file) throws Exception {
        Answer answer = side.get(null, "/v3/api-docs");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        ObjectNode document = (ObjectNode) answer.json();
        document.remove("servers"); // the port differs per run
        String served = JSON.writeValueAsString(JSON.treeToValue(document, Object.class)) + "\n";
        Path kept = Path.of("..", "docs", "api", file);
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(kept, served);
        }
        assertThat(Files.exists(kept)).as(kept + " exists (run with -Dopenapi.update=true)").isTrue();
        JsonNode keptDocument = JSON.readTree(Files.readString(kept));
        assertThat(JSON.readTree(served)).as("docs/api/" + file + " matches what the application serves; "
                + "run the build with -Dopenapi.update=true and commit the file if the change is intended")
                .isEqualTo(keptDocument);
    }
}
