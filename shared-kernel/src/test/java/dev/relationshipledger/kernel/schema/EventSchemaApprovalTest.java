package dev.relationshipledger.kernel.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.message.LedgerEvent;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Locks the stored JSON shape of every event type. Events live forever in the store: a change to a record's
 * fields changes what old events mean. When this test fails, either undo the change, or approve it deliberately:
 * copy {@code target/approval/X.received.json} over {@code src/test/resources/approved-events/X.json} AND add an
 * upcaster (with its test) that turns the old shape into the new one, and a note in docs/event-catalogue.md.
 */
class EventSchemaApprovalTest {

    private static final ObjectMapper JSON = LedgerJson.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void everyEventTypeHasASample() {
        Map<Class<?>, LedgerEvent> samples = EventSamples.all();
        for (Class<? extends LedgerEvent> family : EventSamples.FAMILIES) {
            assertThat(family.isSealed()).as(family.getSimpleName() + " lists its events (sealed)").isTrue();
            Arrays.stream(family.getPermittedSubclasses()).forEach(type ->
                    assertThat(samples).as("a sample of " + type.getSimpleName() + " in EventSamples").containsKey(type));
        }
    }

    @TestFactory
    Stream<DynamicTest> theJsonOfEveryEventIsApproved() {
        return EventSamples.all().entrySet().stream().map(entry -> DynamicTest.dynamicTest(
                entry.getKey().getSimpleName(), () -> approve(entry.getKey(), entry.getValue())));
    }

    @TestFactory
    Stream<DynamicTest> everyApprovedDocumentStillReadsIntoItsType() {
        return EventSamples.all().entrySet().stream().map(entry -> DynamicTest.dynamicTest(
                entry.getKey().getSimpleName(), () -> {
                    String approved = approved(entry.getKey());
                    if (approved != null) {
                        assertThat(JSON.readValue(approved, entry.getKey())).isEqualTo(entry.getValue());
                    }
                }));
    }

    private static void approve(Class<?> type, LedgerEvent sample) throws IOException {
        String received = JSON.writeValueAsString(sample).replace("\r\n", "\n") + "\n";
        String approved = approved(type);
        if (!received.equals(approved)) {
            Path out = Path.of("target", "approval", type.getSimpleName() + ".received.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, received);
            fail("the JSON of " + type.getSimpleName() + (approved == null ? " has not been approved yet" : " changed")
                    + "; see " + out.toAbsolutePath() + " and the comment of EventSchemaApprovalTest");
        }
    }

    private static String approved(Class<?> type) throws IOException {
        try (InputStream in = EventSchemaApprovalTest.class.getResourceAsStream(
                "/approved-events/" + type.getSimpleName() + ".json")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }
}
