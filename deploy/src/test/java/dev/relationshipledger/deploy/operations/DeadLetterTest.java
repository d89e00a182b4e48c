package dev.relationshipledger.deploy.operations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection that fails on one relationship's events parks that relationship (its failing event and every later
 * one) in the dead-letter queue, keeps projecting every other relationship, shows the queue through the ADMIN API
 * and the metrics, and projects the parked events once the fault is fixed and they are retried, or the projection
 * rebuilt.
 */
class DeadLetterTest extends OperatedLedger {

    private static final String GROUP = "relationship-status";

    @Test
    void aFailingRelationshipIsParkedWhileOthersAreProjectedAndARetryAfterTheFixProjectsIt() {
        PoisonedProjection.BROKEN.set(true);
        String poisoned = open(PoisonedProjection.POISON + "Pill Ltd");
        String healthy = open("Healthy Trading");
        contact(poisoned, "first, parked");
        contact(healthy, "healthy one");
        contact(poisoned, "second, parked");
        Answer lastHealthy = contact(healthy, "healthy two");

        // every other relationship is projected, up to and past the poisoned events
        JsonNode healthyStatus = queries.get(MARIA, "/relationships/" + healthy + "?atLeast="
                + lastHealthy.json().get("position").asLong()).json();
        assertThat(healthyStatus.get("contactCount").asInt()).isEqualTo(2);

        // the poisoned relationship's events are parked, in order, and the projection has none of its contacts
        JsonNode listing = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> queries.get(ADAM, "/admin/dead-letters/" + GROUP).json(),
                        json -> json.get("letters").asInt() == 3);
        assertThat(listing.get("sequences").asInt()).isEqualTo(1);
        JsonNode sequence = listing.get("items").get(0);
        assertThat(sequence.get("sequenceIdentifier").asText()).isEqualTo(poisoned);
        assertThat(sequence.get("first")).extracting(letter -> letter.get("payloadType").asText())
                .containsExactly("dev.relationshipledger.kernel.relationship.RelationshipOpened",
                        "dev.relationshipledger.kernel.relationship.ContactLogged",
                        "dev.relationshipledger.kernel.relationship.ContactLogged");
        assertThat(sequence.get("first").get(0).get("causeMessage").asText()).contains("test poison");
        assertThat(sequence.get("first").get(1).get("position").asLong())
                .isLessThan(sequence.get("first").get(2).get("position").asLong());
        Answer poisonedStatus = queries.get(MARIA, "/relationships/" + poisoned);
        assertThat(poisonedStatus.status() == 404 || poisonedStatus.json().get("contactCount").asInt() == 0)
                .as(poisonedStatus.body()).isTrue();

        // size, metric, and who may see it
        assertThat(queries.get(ADAM, "/admin/dead-letters/" + GROUP + "/size").json().get("letters").asInt()).isEqualTo(3);
        assertThat(queries.get(ADAM, "/admin/dead-letters").json().get(0).get("processingGroup").asText()).isEqualTo(GROUP);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String scrape = scrape(queries);
            assertThat(value(scrape, "ledger_dead_letters", "processor=\"" + GROUP + "\"")).isEqualTo(3.0);
            assertThat(value(scrape, "ledger_dead_letter_sequences", "processor=\"" + GROUP + "\"")).isEqualTo(1.0);
        });
        assertThat(queries.get(MARIA, "/admin/dead-letters").status()).isEqualTo(403);
        assertThat(queries.get(null, "/admin/dead-letters").status()).isEqualTo(401);
        assertThat(queries.get(ADAM, "/admin/dead-letters/no-such-group").status()).isEqualTo(404);

        // a later event of the parked relationship is parked behind the others, never applied out of order
        Answer third = contact(poisoned, "third, parked behind");
        queries.get(MARIA, "/relationships/" + healthy + "?atLeast=" + third.json().get("position").asLong());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                queries.get(ADAM, "/admin/dead-letters/" + GROUP + "/size").json().get("letters").asInt() == 4);

        // a retry while the fault persists changes nothing
        JsonNode failed = queries.post(ADAM, "/admin/dead-letters/" + GROUP + "/retry", "").json();
        assertThat(failed.get("retried").asInt()).isZero();
        assertThat(failed.get("failed").asInt()).isEqualTo(1);
        assertThat(failed.get("remainingLetters").asInt()).isEqualTo(4);

        // fix, retry the one sequence: everything parked is projected, in order, and the queue is empty
        PoisonedProjection.BROKEN.set(false);
        JsonNode retried = queries.post(ADAM, "/admin/dead-letters/" + GROUP + "/sequences/" + poisoned + "/retry", "")
                .json();
        assertThat(retried.get("retried").asInt()).isEqualTo(1);
        assertThat(retried.get("remainingLetters").asInt()).isZero();
        JsonNode fixed = queries.get(MARIA, "/relationships/" + poisoned).json();
        assertThat(fixed.get("contactCount").asInt()).isEqualTo(3);
        assertThat(fixed.get("lastPosition").asLong()).isEqualTo(third.json().get("position").asLong());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(value(scrape(queries), "ledger_dead_letters", "processor=\"" + GROUP + "\"")).isZero());

        // and new events of that relationship are projected directly again
        Answer fourth = contact(poisoned, "fourth, direct");
        JsonNode after = queries.get(MARIA, "/relationships/" + poisoned + "?atLeast="
                + fourth.json().get("position").asLong()).json();
        assertThat(after.get("contactCount").asInt()).isEqualTo(4);
        assertThat(queries.post(ADAM, "/admin/dead-letters/" + GROUP + "/sequences/" + poisoned + "/retry", "")
                .status()).isEqualTo(404);
    }

    @Test
    void aRebuildAfterTheFixFoldsTheParkedEventsAndReleasesTheirRelationship() {
        PoisonedProjection.BROKEN.set(true);
        String poisoned = open(PoisonedProjection.POISON + "Rebuilt Ltd");
        contact(poisoned, "parked");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                queries.get(ADAM, "/admin/dead-letters/" + GROUP + "?limit=500").json().get("items").toString()
                        .contains(poisoned));

        // the fix is deployed; the projection is rebuilt instead of retried
        PoisonedProjection.BROKEN.set(false);
        assertThat(queries.post(ADAM, "/admin/rebuilds/" + GROUP, "").status()).isEqualTo(202);
        Answer done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queries.get(ADAM, "/admin/rebuilds/" + GROUP), a -> a.status() == 200
                        && !a.text("status").equals("RUNNING") && !a.text("status").equals("SWITCHING"));
        assertThat(done.text("status")).as(done.body()).isEqualTo("DONE");

        // the rebuilt status holds the parked events, and the queue no longer does
        assertThat(queries.get(ADAM, "/admin/dead-letters/" + GROUP + "?limit=500").json().get("items").toString())
                .doesNotContain(poisoned);
        assertThat(queries.get(MARIA, "/relationships/" + poisoned).json().get("contactCount").asInt()).isEqualTo(1);

        // its next event is projected live, not parked behind letters the rebuild folded in
        Answer next = contact(poisoned, "live again");
        JsonNode after = queries.get(MARIA, "/relationships/" + poisoned + "?atLeast="
                + next.json().get("position").asLong()).json();
        assertThat(after.get("contactCount").asInt()).isEqualTo(2);
        assertThat(queries.get(ADAM, "/admin/dead-letters/" + GROUP + "?limit=500").json().get("items").toString())
                .doesNotContain(poisoned);
    }

    @Test
    void anEvictedSequenceLeavesTheQueue() {
        PoisonedProjection.BROKEN.set(true);
        String poisoned = open(PoisonedProjection.POISON + "Evicted Ltd");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                queries.get(ADAM, "/admin/dead-letters/" + GROUP).json().get("items").toString().contains(poisoned));
        Answer evicted = queries.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + ledger.queryPort() + "/admin/dead-letters/" + GROUP
                                + "/sequences/" + poisoned))
                .header("Authorization", ADAM.basicAuth()).DELETE().build());
        assertThat(evicted.status()).as(evicted.body()).isEqualTo(200);
        assertThat(evicted.json().get("evicted").asInt()).isEqualTo(1);
        assertThat(queries.get(ADAM, "/admin/dead-letters/" + GROUP).json().get("items").toString()).doesNotContain(poisoned);
        PoisonedProjection.BROKEN.set(false);
    }

    @Test
    void anUnusableCursorIs400NamingIt() {
        for (String after : new String[]{"%00", "a%00b", "x".repeat(300)}) {
            Answer answer = queries.get(ADAM, "/admin/dead-letters/" + GROUP + "?after=" + after);
            assertThat(answer.status()).as(after + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"field\":\"after\"");
        }
    }
}
