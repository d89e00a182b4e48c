package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replaying one relationship whose history has a back-dated contact, a severe complaint resolved later and a
 * correction: as-of on both axes, step-through with diffs, the turning point, a comparison and re-scoring.
 */
class TimeTravelTest extends RunningLedger {

    static String id;
    static Instant afterOpening;
    static Instant afterFirstContact;
    static Instant afterBackDated;
    static Instant afterComplaint;
    static Answer last;
    static final Instant LONG_AGO = Instant.parse("2025-06-01T10:00:00Z");

    @BeforeAll
    static void history() throws Exception {
        id = openRelationship("Time Travel AG", "CUSTOMER");
        afterOpening = pause();
        accepted(commands.post(RITA, "/relationships/" + id + "/contacts", """
                {"contactId":"5b0c7a1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b","channel":"MEETING","summary":"kick-off",
                 "sentiment":"POSITIVE","occurredAt":"%s"}""".formatted(Instant.now().minusSeconds(60))));
        afterFirstContact = pause();
        accepted(commands.post(RITA, "/relationships/" + id + "/contacts", """
                {"channel":"CALL","summary":"old call found in a notebook","sentiment":"NEUTRAL","occurredAt":"%s"}"""
                .formatted(LONG_AGO)));
        afterBackDated = pause();
        Answer complaint = accepted(commands.post(RITA, "/complaints", """
                {"relationshipId":"%s","category":"PRODUCT_QUALITY","severity":"CRITICAL","description":"broken batch",
                 "receivedAt":"%s"}""".formatted(id, Instant.now().minusSeconds(5))));
        afterComplaint = pause();
        String complaintPath = "/complaints/" + complaint.text("aggregateId");
        accepted(commands.post(RITA, complaintPath + "/acknowledge", "{}"));
        accepted(commands.post(RITA, complaintPath + "/resolve",
                "{\"resolution\":\"batch replaced\",\"satisfaction\":\"SATISFIED\"}"));
        last = accepted(commands.post(RITA, "/relationships/" + id + "/contacts/5b0c7a1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b/corrections",
                "{\"correctedSummary\":\"kick-off, prices agreed\",\"reason\":\"summary incomplete\"}"));
        readAfter(last, MARIA, "/relationships/" + id + "/as-of?at=" + Instant.now().plusSeconds(1));
    }

    static Instant pause() throws InterruptedException {
        Thread.sleep(30);
        Instant now = Instant.now();
        Thread.sleep(30);
        return now;
    }

    static JsonNode asOf(Instant at, String axis) {
        Answer answer = queries.get(MARIA, "/relationships/" + id + "/as-of?at=" + at + "&axis=" + axis);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void asOfRecordedTimeShowsWhatHadBeenRecorded() {
        assertThat(asOf(afterOpening, "recorded").get("view").get("summary").get("contactCount").asInt()).isZero();
        assertThat(asOf(afterFirstContact, "recorded").get("view").get("summary").get("contactCount").asInt()).isEqualTo(1);
        JsonNode atComplaint = asOf(afterComplaint, "recorded").get("view");
        assertThat(atComplaint.get("summary").get("status").asText()).isEqualTo("AT_RISK");
        assertThat(atComplaint.get("summary").get("openComplaints").asInt()).isEqualTo(1);
        JsonNode now = asOf(Instant.now(), "recorded").get("view");
        assertThat(now.get("summary").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(now.get("summary").get("contactCount").asInt()).isEqualTo(2);
        assertThat(now.get("complaints")).hasSize(1);
    }

    @Test
    void asOfBusinessTimeCountsBackDatedFactsWhereTheyHappened() {
        Instant justAfterLongAgo = LONG_AGO.plusSeconds(1);
        Answer recorded = queries.get(MARIA, "/relationships/" + id + "/as-of?at=" + justAfterLongAgo + "&axis=recorded");
        assertThat(recorded.status()).as("the relationship was not yet recorded then").isEqualTo(404);
        assertThat(asOf(justAfterLongAgo, "business").get("view").get("summary").get("contactCount").asInt())
                .as("on the business axis the call found in a notebook had already happened").isEqualTo(1);
        JsonNode business = asOf(afterBackDated, "business").get("view").get("summary");
        assertThat(business.get("contactCount").asInt()).isEqualTo(2);
        assertThat(asOf(afterFirstContact, "business").get("view").get("summary").get("contactCount").asInt())
                .as("on the business axis the back-dated call counts from long ago on, once recorded").isEqualTo(2);
        assertThat(asOf(afterFirstContact, "recorded").get("view").get("summary").get("contactCount").asInt()).isEqualTo(1);
    }

    @Test
    void onTheBusinessAxisAnOpeningRecordedLaterKeepsNothingActive() {
        JsonNode rightAfterTheCall = asOf(LONG_AGO.plusSeconds(1), "business").get("view").get("summary");
        assertThat(rightAfterTheCall.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode quietSince = asOf(LONG_AGO.plus(java.time.Duration.ofDays(100)), "business").get("view").get("summary");
        assertThat(quietSince.get("openedAt").asText()).as("the opening is in the fold, recorded later")
                .isGreaterThan(LONG_AGO.plus(java.time.Duration.ofDays(100)).toString());
        assertThat(quietSince.get("status").asText())
                .as("100 days after the one call and before the opening: nothing was heard in 90 days")
                .isEqualTo("DORMANT");
        assertThat(asOf(Instant.now(), "recorded").get("view").get("summary").get("status").asText())
                .as("on the recorded axis the opening always lies before the instant").isEqualTo("ACTIVE");
    }

    @Test
    void stepsShowWhoWhenWhyAndWhatChanged() {
        Answer page = queries.get(MARIA, "/relationships/" + id + "/steps?limit=200");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> steps = new ArrayList<>();
        page.json().get("steps").forEach(steps::add);
        assertThat(steps).extracting(s -> s.get("eventType").asText()).containsExactly("RelationshipOpened",
                "ContactLogged", "ContactLogged", "ComplaintFiled", "ComplaintAcknowledged", "ComplaintResolved",
                "ContactSummaryCorrected");
        assertThat(steps).allSatisfy(s -> assertThat(s.get("actor").asText()).isEqualTo("rita"));
        // the roles as the audit trail lists them: an array, not the metadata's comma-separated text
        assertThat(steps).allSatisfy(s -> assertThat(s.get("actorRoles").toString()).isEqualTo("[\"RELATIONSHIP_MANAGER\"]"));
        JsonNode filed = steps.get(3);
        assertThat(changed(filed, "summary.status")).isEqualTo("AT_RISK");
        assertThat(changed(filed, "summary.openComplaints")).isEqualTo("1");
        JsonNode correction = steps.get(6);
        assertThat(correction.get("correctionReason").asText()).isEqualTo("summary incomplete");
        // in ledger order each step starts where the one before ended, the back-dated call included (its business
        // time lies before the opening, yet the ledger showed it on an open relationship)
        for (int i = 1; i < steps.size(); i++) {
            assertThat(statusBefore(steps.get(i))).as("before step " + i)
                    .isEqualTo(steps.get(i - 1).get("after").get("summary").get("status").asText());
        }

        Answer onlyComplaints = queries.get(MARIA, "/relationships/" + id + "/steps?type=ComplaintFiled,ComplaintResolved&limit=1");
        assertThat(onlyComplaints.json().get("steps")).hasSize(1);
        long next = onlyComplaints.json().get("nextAfter").asLong();
        Answer rest = queries.get(MARIA, "/relationships/" + id + "/steps?type=ComplaintFiled,ComplaintResolved&after=" + next);
        assertThat(rest.json().get("steps")).hasSize(1);
        assertThat(rest.json().get("steps").get(0).get("eventType").asText()).isEqualTo("ComplaintResolved");
        assertThat(changed(rest.json().get("steps").get(0), "summary.status")).isEqualTo("ACTIVE");
    }

    @Test
    void theTurningPointIsTheFirstEventThatMadeTheConditionTrue() {
        Answer atRisk = queries.get(MARIA, "/relationships/" + id + "/turning-point?condition=status:AT_RISK");
        assertThat(atRisk.status()).as(atRisk.body()).isEqualTo(200);
        assertThat(atRisk.json().get("event").get("eventType").asText()).isEqualTo("ComplaintFiled");
        assertThat(atRisk.json().get("before").get("summary").get("status").asText()).isEqualTo("ACTIVE");
        Answer low = queries.get(MARIA, "/relationships/" + id + "/turning-point?condition=reputation-below:40");
        assertThat(low.json().get("event").get("eventType").asText()).isEqualTo("ComplaintFiled");
        assertThat(queries.get(MARIA, "/relationships/" + id + "/turning-point?condition=event:ContractTerminated")
                .status()).isEqualTo(404);
    }

    @Test
    void comparingTwoInstantsListsTheChangedFields() {
        Answer compared = queries.get(MARIA, "/relationships/" + id + "/compare?from=" + afterFirstContact + "&to=" + afterComplaint);
        assertThat(compared.status()).as(compared.body()).isEqualTo(200);
        List<String> fields = new ArrayList<>();
        compared.json().get("changes").forEach(c -> fields.add(c.get("field").asText()));
        assertThat(fields).contains("summary.status", "summary.contactCount", "summary.openComplaints");
    }

    @Test
    void reScoringWithANewModelRunsBesideTheScoresOfTheTime() {
        Answer v1 = queries.get(MARIA, "/relationships/" + id + "/reputation?model=v1");
        Answer v2 = queries.get(MARIA, "/relationships/" + id + "/reputation?model=v2");
        assertThat(v1.status()).isEqualTo(200);
        assertThat(v2.status()).isEqualTo(200);
        assertThat(v1.json().get(0).get("model").asText()).isEqualTo("v1");
        assertThat(v2.json().get(0).get("model").asText()).isEqualTo("v2");
        assertThat(v1.json().size()).isEqualTo(v2.json().size());
        // re-scored points read like stored ones: the table's four decimals, not the fold's floating point
        v2.json().forEach(point -> List.of("before", "after", "points").forEach(field ->
                assertThat(point.get(field).decimalValue().stripTrailingZeros().scale())
                        .as("%s of %s", field, point).isLessThanOrEqualTo(4)));
        assertThat(v2.json().get(v2.json().size() - 1).get("after").asDouble())
                .isNotEqualTo(v1.json().get(v1.json().size() - 1).get("after").asDouble());
        JsonNode asScoredThen = asOf(Instant.now(), "recorded").get("view").get("reputation");
        assertThat(asScoredThen.get("model").asText()).isEqualTo("v1");
        Answer reScored = queries.get(MARIA, "/relationships/" + id + "/as-of?at=" + Instant.now() + "&model=v2");
        assertThat(reScored.json().get("view").get("reputation").get("model").asText()).isEqualTo("v2");
    }

    @Test
    void reScoringIsAReplayButTheScoresOfTheTimeAreNot() {
        for (TestUsers stranger : List.of(RALF, BIANCA)) {
            for (String replay : List.of("/as-of?at=" + Instant.now(), "/reputation?model=v2")) {
                Answer answer = queries.get(stranger, "/relationships/" + id + replay);
                assertThat(answer.status()).as(stranger + " " + replay + " -> " + answer.body()).isEqualTo(403);
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
            assertThat(queries.get(stranger, "/relationships/" + id + "/reputation").status())
                    .as(stranger + " reads the stored timeline as before").isEqualTo(200);
        }
        assertThat(queries.get(RITA, "/relationships/" + id + "/reputation?model=v2").status())
                .as("the owner replays her own relationship").isEqualTo(200);
    }

    @Test
    void badQuestionsAre400() {
        for (String query : List.of("/as-of", "/as-of?at=yesterday", "/as-of?at=2026-01-01T00:00:00Z&axis=sideways",
                "/as-of?at=2026-01-01T00:00:00Z&model=v9", "/steps?limit=100000", "/steps?after=-3",
                "/steps?type=" + URLEncoder.encode("x;drop", StandardCharsets.UTF_8), "/turning-point",
                "/turning-point?condition=mood:happy", "/turning-point?condition=status:SAD",
                "/compare?from=2026-02-01T00:00:00Z", "/compare?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "/as-of?at=2026-01-01T00:00:00Z&colour=red", "/turning-point?condition=event:Nope",
                "/steps?type=Nope", "/steps?type=ContactLogged,Nope",
                "/steps?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z",
                "/as-of?at=-999999999-01-01T00:00:00Z", "/as-of?at=%2B999999999-12-31T23:59:59Z",
                "/as-of?at=-5000-01-01T00:00:00Z&axis=business", "/as-of?at=1899-12-31T23:59:59Z",
                "/compare?from=-999999999-01-01T00:00:00Z&to=2025-06-01T00:00:00Z",
                "/steps?from=-999999999-01-01T00:00:00Z", "/steps?to=%2B10000-01-01T00:00:00Z")) {
            Answer answer = queries.get(MARIA, "/relationships/" + id + query);
            assertThat(answer.status()).as(query + " -> " + answer.body()).isEqualTo(400);
        }
        assertThat(queries.get(MARIA, "/relationships/" + java.util.UUID.randomUUID() + "/steps").status()).isEqualTo(404);
        Answer unknownType = queries.get(MARIA, "/relationships/" + id + "/steps?type=Nope");
        assertThat(unknownType.body()).contains("type").contains("ContactLogged");
        Answer unknownEvent = queries.get(MARIA, "/relationships/" + id + "/turning-point?condition=event:Nope");
        assertThat(unknownEvent.body()).contains("condition").contains("ContractTerminated");
        Answer longAgo = queries.get(MARIA, "/relationships/" + id + "/as-of?at=-999999999-01-01T00:00:00Z");
        assertThat(longAgo.contentType()).startsWith("application/problem+json");
        assertThat(longAgo.body()).contains("at").contains("between 1900-01-01 and 9999-12-31");
        assertThat(asOf(Instant.parse("9999-12-31T23:59:59Z"), "business").get("view").get("summary").get("status")
                .asText()).as("the last second of the span is a question like any other").isEqualTo("DORMANT");
    }

    /** The status a step started from: the before of its status change, or its after when it changed none. */
    private static String statusBefore(JsonNode step) {
        for (JsonNode change : step.get("changes")) {
            if (change.get("field").asText().equals("summary.status")) {
                return change.get("before").asText();
            }
        }
        return step.get("after").get("summary").get("status").asText();
    }

    /**
     * Dormancy comes with time alone: ninety days after the relationship was last heard of, with no event then. Its
     * turning point is that moment, after the last event before it (here the opening, recorded 200 days ago).
     */
    @Test
    void aStatusThatTimeAloneBroughtHasItsTurningPointInTime() throws Exception {
        String quiet = openRelationship("Quiet Since Spring Ltd", "PARTNER");
        awaitQuery(MARIA, "/relationships/" + quiet + "/steps", a -> a.json().get("steps").size() == 1);
        Instant openedAt;
        try (java.sql.Connection c = superuser(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("UPDATE read_model.audit_entry SET recorded_at = recorded_at"
                     + " - interval '200 days' WHERE relationship_id = '" + quiet + "' RETURNING recorded_at")) {
            assertThat(rs.next()).isTrue();
            openedAt = rs.getTimestamp(1).toInstant();
        }
        Answer dormant = queries.get(MARIA, "/relationships/" + quiet + "/turning-point?condition=status:DORMANT");
        assertThat(dormant.status()).as(dormant.body()).isEqualTo(200);
        assertThat(dormant.text("cause")).isEqualTo("time");
        assertThat(Instant.parse(dormant.text("becameTrueAt"))).isEqualTo(openedAt.plus(java.time.Duration.ofDays(90)));
        assertThat(dormant.json().get("event").get("eventType").asText()).isEqualTo("RelationshipOpened");
        assertThat(dormant.json().get("before").get("summary").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(dormant.json().get("event").get("after").get("summary").get("status").asText()).isEqualTo("DORMANT");

        Answer atRisk = queries.get(MARIA, "/relationships/" + id + "/turning-point?condition=status:AT_RISK");
        assertThat(atRisk.text("cause")).isEqualTo("event");
        assertThat(atRisk.text("becameTrueAt")).isEqualTo(atRisk.json().get("event").get("recordedAt").asText());
    }

    private static String changed(JsonNode step, String field) {
        for (JsonNode change : step.get("changes")) {
            if (change.get("field").asText().equals(field)) {
                return change.get("after").asText();
            }
        }
        throw new AssertionError("no change of " + field + " in " + step);
    }
}
