package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.query.audit.AuditRow;
import dev.relationshipledger.query.audit.AuditTrailTable;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail over HTTP: one relationship with a back-dated contact and its correction, a complaint that a
 * manager acknowledges, and a negotiation with a proposal and its correction, recorded in one conversation
 * (X-Correlation-Id), then read back through /audit, the two histories and both exports.
 */
class AuditTrailTest extends RunningLedger {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONVERSATION = "audit-conversation-1";
    static final Map<String, String> IN_CONVERSATION = Map.of("X-Correlation-Id", CONVERSATION);
    static final String SUMMARY = "Visited \"Plant 2\", agreed: price, volume\nand dates";
    static final String REASON = "=HYPERLINK(\"http://evil.example\",\"click\"), wrong plant\nwas Plant 3";
    static final String MANDATE = """
            {"priceFloor":{"amount":100,"currency":"EUR"},"maxDiscountPercent":10,
             "minDurationMonths":12,"maxDurationMonths":36,"approvers":["maria"]}""";
    static final String TERMS = """
            {"price":{"amount":%d,"currency":"EUR"},"quantity":1000,"durationMonths":24,"paymentTermsDays":30,
             "discountPercent":5,"conditions":["delivery DAP Hamburg"]}""";

    static final String COLUMNS = "position, event_id, relationship_id, aggregate_type, aggregate_id, sequence_number,"
            + " event_type, subject, is_correction";

    static String relationship;
    static String contactId;
    static String complaintId;
    static String negotiationId;
    static Answer opened;
    static Answer contact;
    static Answer contactCorrected;
    static Answer filed;
    static Answer acknowledged;
    static Answer proposed;
    static Answer proposalCorrected;
    static Answer last;

    @BeforeAll
    static void recordAConversation() {
        opened = accepted(commands.post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Audited AG\",\"kind\":\"SUPPLIER\"}}", IN_CONVERSATION));
        relationship = opened.text("aggregateId");
        contact = accepted(commands.post(RITA, "/relationships/" + relationship + "/contacts",
                "{\"channel\":\"SITE_VISIT\",\"summary\":" + quoted(SUMMARY) + ",\"sentiment\":\"POSITIVE\","
                        + "\"occurredAt\":\"2025-03-10T10:00:00Z\"}", IN_CONVERSATION));
        contactId = lastSegment(contact);
        contactCorrected = accepted(commands.post(RITA, "/relationships/" + relationship + "/contacts/" + contactId
                + "/corrections", "{\"correctedSummary\":\"Visited Plant 3\",\"reason\":" + quoted(REASON) + "}",
                IN_CONVERSATION));
        filed = accepted(commands.post(RITA, "/complaints", "{\"relationshipId\":\"" + relationship
                + "\",\"category\":\"DELIVERY\",\"severity\":\"HIGH\",\"description\":\"late again\","
                + "\"receivedAt\":\"2026-01-20T09:30:00Z\"}"));
        complaintId = filed.text("aggregateId");
        acknowledged = accepted(commands.post(MARIA, "/complaints/" + complaintId + "/acknowledge", "{}"));
        negotiationId = accepted(commands.post(RITA, "/negotiations", "{\"relationshipId\":\"" + relationship
                + "\",\"subject\":\"2027 supply\",\"mandate\":" + MANDATE + "}")).text("aggregateId");
        proposed = accepted(commands.post(RITA, "/negotiations/" + negotiationId + "/proposals",
                "{\"side\":\"THEIRS\",\"terms\":" + TERMS.formatted(95) + "}"));
        proposalCorrected = accepted(commands.post(RITA, "/negotiations/" + negotiationId + "/proposals/"
                + lastSegment(proposed) + "/corrections",
                "{\"correctedTerms\":" + TERMS.formatted(120) + ",\"reason\":\"misheard the price\"}"));
        last = proposalCorrected;
    }

    @Test
    void oneEntryPerEventOfEveryAggregateWithWhoWhenAndWhy() {
        List<JsonNode> history = items(readAfter(last, MARIA, "/relationships/" + relationship + "/history?limit=200"));
        assertThat(history).extracting(e -> e.get("eventType").asText()).containsExactly("RelationshipOpened",
                "ContactLogged", "ContactSummaryCorrected", "ComplaintFiled", "ComplaintAcknowledged",
                "NegotiationOpened", "ProposalMade", "ProposalTermsCorrected");
        assertThat(history).extracting(e -> e.get("aggregateType").asText()).containsExactly("Relationship",
                "Relationship", "Relationship", "Complaint", "Complaint", "Negotiation", "Negotiation", "Negotiation");
        assertThat(history).extracting(e -> e.get("position").asLong()).isSorted().doesNotHaveDuplicates();

        JsonNode openedEntry = history.get(0);
        assertThat(openedEntry.get("position").asLong()).isEqualTo(position(opened));
        assertThat(openedEntry.get("aggregateId").asText()).isEqualTo(relationship);
        assertThat(openedEntry.get("relationshipId").asText()).isEqualTo(relationship);
        assertThat(openedEntry.get("sequenceNumber").asLong()).isZero();
        assertThat(openedEntry.get("actor").asText()).isEqualTo("rita");
        assertThat(openedEntry.get("actorRoles")).extracting(JsonNode::asText).containsExactly("RELATIONSHIP_MANAGER");
        assertThat(openedEntry.get("correlationId").asText()).isEqualTo(CONVERSATION);
        assertThat(openedEntry.get("causationId").asText()).isNotBlank().isNotEqualTo(CONVERSATION);
        assertThat(openedEntry.get("eventId").asText()).hasSize(36);
        assertThat(openedEntry.get("businessTime").isNull()).isTrue();
        assertThat(openedEntry.get("payload").get("counterparty").get("name").asText()).isEqualTo("Audited AG");

        JsonNode contactEntry = history.get(1);
        assertThat(contactEntry.get("position").asLong()).isEqualTo(position(contact));
        assertThat(contactEntry.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(contactEntry.get("correlationId").asText()).isEqualTo(CONVERSATION);
        assertThat(contactEntry.get("causationId").asText()).isNotEqualTo(openedEntry.get("causationId").asText());
        assertThat(contactEntry.get("businessTime").asText()).isEqualTo("2025-03-10T10:00:00Z");
        assertThat(contactEntry.get("subject").asText()).isEqualTo("contact/" + contactId);
        assertThat(contactEntry.get("payload").get("summary").get("cipher").asText())
                .as("as stored: what was said sealed (decision 0021)").isEqualTo("AES-256-GCM");
        assertThat(contactEntry.get("opened").isNull()).as("opened only when asked").isTrue();
        List<JsonNode> opened = items(queries.get(CARL, "/relationships/" + relationship + "/history?opened=true"));
        assertThat(opened.get(1).get("opened").get("summary").asText()).as("and opened beside it").isEqualTo(SUMMARY);
        assertThat(opened.get(1).get("payload")).isEqualTo(contactEntry.get("payload"));
        assertThat(opened.get(0).get("opened").isNull()).as("nothing sealed, nothing opened").isTrue();
        assertThat(queries.get(CARL, "/audit?opened=yes").status()).isEqualTo(400);
        assertThat(Instant.parse(contactEntry.get("recordedAt").asText())).isAfter(Instant.parse("2026-01-01T00:00:00Z"));

        JsonNode complaintEntry = history.get(3);
        assertThat(complaintEntry.get("aggregateId").asText()).isEqualTo(complaintId);
        assertThat(complaintEntry.get("correlationId").asText()).as("a conversation of its own").isNotEqualTo(CONVERSATION);
        assertThat(complaintEntry.get("businessTime").asText()).isEqualTo("2026-01-20T09:30:00Z");
        JsonNode acknowledgedEntry = history.get(4);
        assertThat(acknowledgedEntry.get("actor").asText()).isEqualTo("maria");
        assertThat(acknowledgedEntry.get("actorRoles")).extracting(JsonNode::asText).containsExactly("MANAGER");
        assertThat(acknowledgedEntry.get("position").asLong()).isEqualTo(position(acknowledged));
    }

    /** The trail keeps no copy of an event: the payload shown is the stored one, byte for byte (decision 0017). */
    @Test
    void thePayloadShownIsTheEventAsStored() throws Exception {
        List<JsonNode> history = items(readAfter(last, CARL, "/relationships/" + relationship + "/history"));
        try (var c = superuser(); var s = c.prepareStatement("""
                SELECT convert_from(payload, 'UTF8') FROM event_store.domain_event_entry WHERE global_index = ?""")) {
            for (JsonNode entry : history) {
                s.setLong(1, entry.get("position").asLong());
                try (var rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(entry.get("payload")).as(entry.get("eventType").asText())
                            .isEqualTo(JSON.readTree(rs.getString(1)));
                }
            }
        }
        Answer page = queries.get(CARL, "/relationships/" + relationship + "/history");
        assertThat(page.body()).as("the stored JSON, not a re-serialization")
                .contains("\"payload\":{\"relationshipId\":\"" + relationship + "\",\"contactId\":\"" + contactId);
    }

    @Test
    void theContactsViewShowsEachContactWithItsTextSealed() throws Exception {
        readAfter(last, CARL, "/relationships/" + relationship + "/history");
        try (var c = TestPostgres.connectAs(database, "ledger_bi"); var s = c.prepareStatement("""
                SELECT contact_id::text, channel, sentiment, occurred_at, recorded_by, summary_as_logged, summary,
                    participants, position, text_state FROM bi.contacts WHERE relationship_id = ?::uuid""")) {
            s.setString(1, relationship);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(contactId);
                assertThat(rs.getString(2)).isEqualTo("SITE_VISIT");
                assertThat(rs.getString(3)).isEqualTo("POSITIVE");
                assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(Instant.parse("2025-03-10T10:00:00Z"));
                assertThat(rs.getString(5)).isEqualTo("rita");
                assertThat(rs.getString(6)).as("sealed: a view cannot open it (decision 0021)").isNull();
                assertThat(rs.getString(7)).isNull();
                assertThat(rs.getInt(8)).isZero();
                assertThat(rs.getLong(9)).isEqualTo(position(contact));
                assertThat(rs.getString(10)).isEqualTo("sealed");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void aCorrectionIsShownBesideTheOriginal() {
        List<JsonNode> history = items(readAfter(last, CARL, "/relationships/" + relationship + "/history?opened=true"));
        JsonNode original = history.get(1);
        JsonNode correction = history.get(2);
        assertThat(original.get("correction").asBoolean()).isFalse();
        assertThat(original.get("corrects").isNull()).isTrue();
        assertThat(original.get("corrections")).hasSize(1);
        JsonNode note = original.get("corrections").get(0);
        assertThat(note.get("position").asLong()).isEqualTo(position(contactCorrected));
        assertThat(note.get("actor").asText()).isEqualTo("rita");
        assertThat(note.get("reason").asText()).isEqualTo(REASON);
        assertThat(note.get("recordedAt").asText()).isEqualTo(correction.get("recordedAt").asText());
        assertThat(note.get("payload").get("correctedSummary").has("sealed")).isTrue();
        assertThat(note.get("opened").get("correctedSummary").asText()).isEqualTo("Visited Plant 3");
        assertThat(note.get("opened").get("reason").asText()).isEqualTo(REASON);

        assertThat(correction.get("eventType").asText()).isEqualTo("ContactSummaryCorrected");
        assertThat(correction.get("correction").asBoolean()).isTrue();
        assertThat(correction.get("correctionReason").asText()).isEqualTo(REASON);
        assertThat(correction.get("subject").asText()).isEqualTo("contact/" + contactId);
        assertThat(correction.get("corrects").asLong()).isEqualTo(position(contact));
        assertThat(correction.get("corrections").isNull()).isTrue();
        assertThat(history.get(0).get("corrections").isNull()).as("no subject, nothing to correct").isTrue();

        // The original keeps its corrections beside it when a filter leaves the corrections themselves out.
        JsonNode alone = items(queries.get(CARL, "/audit?type=ContactLogged&relationshipId=" + relationship)).get(0);
        assertThat(alone.get("corrections").get(0).get("position").asLong()).isEqualTo(position(contactCorrected));

        List<JsonNode> negotiation = items(readAfter(last, CARL, "/negotiations/" + negotiationId + "/history"));
        assertThat(negotiation).extracting(e -> e.get("eventType").asText())
                .containsExactly("NegotiationOpened", "ProposalMade", "ProposalTermsCorrected");
        assertThat(negotiation.get(1).get("corrections").get(0).get("reason").asText()).isEqualTo("misheard the price");
        assertThat(negotiation.get(2).get("corrects").asLong()).isEqualTo(position(proposed));
        assertThat(negotiation.get(2).get("payload").get("correctedTerms").get("price").get("amount").asInt()).isEqualTo(120);
    }

    @Test
    void filtersByActorTypeSubjectAggregateAndBothTimeAxes() {
        String base = "/audit?relationshipId=" + relationship;
        readAfter(last, ADAM, base);
        assertThat(types(queries.get(ADAM, base + "&actor=maria"))).containsExactly("ComplaintAcknowledged");
        assertThat(types(queries.get(ADAM, base + "&actor=rita"))).hasSize(7).doesNotContain("ComplaintAcknowledged");
        assertThat(types(queries.get(ADAM, base + "&type=ComplaintFiled"))).containsExactly("ComplaintFiled");
        assertThat(types(queries.get(ADAM, "/audit?aggregateId=" + complaintId)))
                .containsExactly("ComplaintFiled", "ComplaintAcknowledged");
        assertThat(types(queries.get(ADAM, "/audit?subject=contact/" + contactId)))
                .containsExactly("ContactLogged", "ContactSummaryCorrected");
        assertThat(types(queries.get(ADAM, "/audit?actor=carl"))).isEmpty();

        // Business time: only the back-dated contact happened in March 2025; the rest happened when recorded.
        assertThat(types(queries.get(ADAM, base + "&businessFrom=2025-03-01T00:00:00Z&businessTo=2025-04-01T00:00:00Z")))
                .containsExactly("ContactLogged");
        assertThat(types(queries.get(ADAM, base + "&businessTo=2026-01-01T00:00:00Z"))).containsExactly("ContactLogged");

        // Recorded time: from (inclusive) and to (exclusive) split the trail at the complaint's recording.
        List<JsonNode> all = items(queries.get(ADAM, base));
        Instant complaintRecorded = Instant.parse(all.get(3).get("recordedAt").asText());
        List<JsonNode> from = items(queries.get(ADAM, base + "&recordedFrom=" + complaintRecorded));
        List<JsonNode> before = items(queries.get(ADAM, base + "&recordedTo=" + complaintRecorded));
        assertThat(from).extracting(e -> e.get("eventType").asText()).contains("ComplaintFiled", "ProposalTermsCorrected")
                .doesNotContain("RelationshipOpened");
        assertThat(from).allMatch(e -> !Instant.parse(e.get("recordedAt").asText()).isBefore(complaintRecorded));
        assertThat(before).allMatch(e -> Instant.parse(e.get("recordedAt").asText()).isBefore(complaintRecorded));
        assertThat(from.size() + before.size()).isEqualTo(all.size());
        assertThat(types(queries.get(ADAM, base + "&recordedFrom=2020-01-01T00:00:00Z&recordedTo=2021-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void pagesFollowTheCursorInBothDirections() {
        String base = "/relationships/" + relationship + "/history";
        List<Long> everything = positions(items(readAfter(last, BIANCA, base)));
        assertThat(everything).hasSize(8);

        List<Long> ascending = walk(base + "?limit=3");
        assertThat(ascending).isEqualTo(everything);
        List<Long> descending = walk(base + "?limit=3&sort=-position");
        assertThat(descending).isEqualTo(reversed(everything));

        Answer first = queries.get(BIANCA, base + "?limit=3");
        assertThat(first.json().get("limit").asInt()).isEqualTo(3);
        Answer wrongOrder = queries.get(BIANCA, base + "?sort=-position&cursor=" + first.text("nextCursor"));
        assertProblem(wrongOrder, 400, "cursor");
    }

    @Test
    void badInputsAreRefusedWith400() {
        assertProblem(queries.get(MARIA, "/audit?colour=red"), 400, "colour");
        assertProblem(queries.get(MARIA, "/audit?recordedFrom=yesterday"), 400, "recordedFrom");
        assertProblem(queries.get(MARIA, "/audit?businessTo=2026-13-01T00:00:00Z"), 400, "businessTo");
        assertProblem(queries.get(MARIA, "/audit?limit=1000000"), 400, "limit");
        assertProblem(queries.get(MARIA, "/audit?sort=position%3BDROP%20TABLE%20read_model.audit_entry"), 400, "sort");
        assertProblem(queries.get(MARIA, "/audit?sort=recorded_at"), 400, "sort");
        assertProblem(queries.get(MARIA, "/audit?type=Nonsense"), 400, "type");
        Answer foreignSubject = queries.get(MARIA, "/audit?subject=foo/" + relationship);
        assertProblem(foreignSubject, 400, "subject");
        assertThat(foreignSubject.body()).contains("contact").contains("complaint").contains("proposal");
        assertProblem(queries.get(MARIA, "/audit?recordedFrom=-999999999-01-01T00:00:00Z"), 400, "recordedFrom");
        assertProblem(queries.get(MARIA, "/audit?businessTo=%2B999999999-12-31T23:59:59Z"), 400, "businessTo");
        assertProblem(queries.get(MARIA, "/audit/export.csv?recordedFrom=-999999999-01-01T00:00:00Z"), 400,
                "recordedFrom");
        assertProblem(queries.get(MARIA, "/relationships/" + relationship + "/history?businessFrom=-5000-01-01T00:00:00Z"),
                400, "businessFrom");
        assertProblem(queries.get(MARIA, "/audit?relationshipId=42"), 400, "relationshipId");
        assertProblem(queries.get(MARIA, "/audit?cursor=not-ours"), 400, "cursor");
        assertProblem(queries.get(MARIA, "/audit?atLeast=-1"), 400, "atLeast");
        assertProblem(queries.get(MARIA, "/relationships/" + relationship + "/history?relationshipId=" + relationship),
                400, "relationshipId");
        assertProblem(queries.get(MARIA, "/audit/export.csv?limit=10"), 400, "limit");
        assertProblem(queries.get(MARIA, "/audit/export.ndjson?recordedTo=soon"), 400, "recordedTo");
        Answer badId = queries.get(MARIA, "/relationships/not-a-uuid/history");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.contentType()).startsWith("application/problem+json");
    }

    @Test
    void unknownIdsAre404() {
        readAfter(last, MARIA, "/audit");
        Answer unknown = queries.get(MARIA, "/relationships/" + java.util.UUID.randomUUID() + "/history");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(queries.get(MARIA, "/negotiations/" + java.util.UUID.randomUUID() + "/history").status()).isEqualTo(404);
        assertThat(queries.get(MARIA, "/negotiations/" + relationship + "/history").status())
                .as("a relationship's id is not a negotiation's").isEqualTo(404);
    }

    @Test
    void aRelationshipManagerReadsTheTrailOfTheRelationshipsTheyOwnOrWereDelegated() {
        Answer ralfs = accepted(commands.post(RALF, "/relationships",
                "{\"counterparty\":{\"name\":\"Ralf's Audited Supplier\",\"kind\":\"SUPPLIER\"}}"));
        String ralfsRelationship = ralfs.text("aggregateId");
        readAfter(ralfs, MARIA, "/audit?relationshipId=" + ralfsRelationship);
        readAfter(last, MARIA, "/audit");
        List<String> histories = List.of("/relationships/" + relationship + "/history",
                "/negotiations/" + negotiationId + "/history", "/audit?relationshipId=" + relationship,
                "/audit/export.csv?relationshipId=" + relationship, "/audit/export.ndjson?relationshipId=" + relationship);
        for (String path : histories) {
            assertThat(queries.get(RITA, path).status()).as("the owner: " + path).isEqualTo(200);
            NegotiationHistoryTest.assertProblem(queries.get(RALF, path), 403, "forbidden");
            assertThat(queries.get(null, path).status()).isEqualTo(401);
        }
        assertThat(items(queries.get(RITA, "/relationships/" + relationship + "/history?limit=200")))
                .hasSameSizeAs(items(queries.get(MARIA, "/relationships/" + relationship + "/history?limit=200")));
        // the whole trail and its exports, unfiltered, hold only the caller's relationships
        assertThat(relationshipsIn(queries.get(RALF, "/audit?sort=-position&limit=200")))
                .contains(ralfsRelationship).doesNotContain(relationship);
        assertThat(relationshipsIn(queries.get(RALF, "/audit?aggregateId=" + negotiationId)))
                .as("nor found by another filter").isEmpty();
        NegotiationHistoryTest.assertProblem(queries.get(RALF, "/negotiations/" + java.util.UUID.randomUUID()
                + "/history"), 403, "forbidden"); // not a 404: which ids exist is not theirs to learn
        assertThat(relationshipsIn(queries.get(RITA, "/audit?sort=-position&limit=200")))
                .doesNotContain(ralfsRelationship);
        assertThat(queries.get(RALF, "/audit/export.ndjson").body()).contains(ralfsRelationship)
                .doesNotContain(relationship);
        assertThat(queries.get(RALF, "/audit/export.csv").body()).contains(ralfsRelationship)
                .doesNotContain(relationship);

        // delegated (on a relationship of its own, so the shared one's history stays as the other tests expect it)
        String handed = accepted(commands.post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Delegated Audit GmbH\",\"kind\":\"PARTNER\"}}")).text("aggregateId");
        String handedHistory = "/relationships/" + handed + "/history?atLeast=";
        Answer delegated = accepted(commands.post(RITA, "/relationships/" + handed + "/delegates",
                "{\"delegate\":\"ralf\"}"));
        assertThat(queries.get(RALF, handedHistory + delegated.json().get("position").asLong()).status())
                .as("a delegate reads it from the delegation's position on").isEqualTo(200);
        Answer revoked = accepted(commands.post(RITA, "/relationships/" + handed + "/delegates/ralf/revoke", ""));
        NegotiationHistoryTest.assertProblem(queries.get(RALF, handedHistory + revoked.json().get("position").asLong()), 403, "forbidden");
        for (TestUsers reader : List.of(MARIA, CARL, BIANCA, ADAM)) {
            assertThat(relationshipsIn(queries.get(reader, "/audit?sort=-position&limit=200"))).as(reader.name())
                    .contains(ralfsRelationship);
        }
    }

    private static Set<String> relationshipsIn(Answer page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Set<String> ids = new java.util.HashSet<>();
        page.json().get("items").forEach(item -> ids.add(item.get("relationshipId").asText()));
        return ids;
    }

    @Test
    void exportsStreamEveryMatchingEntryAsCsvAndNdjson() throws Exception {
        List<JsonNode> history = items(readAfter(last, CARL, "/relationships/" + relationship + "/history"));

        Answer csv = queries.get(CARL, "/audit/export.csv?relationshipId=" + relationship);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"audit-trail.csv\"");
        List<List<String>> records = parseCsv(csv.body());
        assertThat(records.get(0)).startsWith("position", "event_id", "relationship_id").endsWith("payload");
        assertThat(records).hasSize(history.size() + 1);
        for (int i = 0; i < history.size(); i++) {
            List<String> record = records.get(i + 1);
            JsonNode entry = history.get(i);
            assertThat(record).hasSize(18);
            assertThat(record.get(0)).isEqualTo(entry.get("position").asText());
            assertThat(record.get(6)).isEqualTo(entry.get("eventType").asText());
            assertThat(JSON.readTree(record.get(17))).as("payload cell").isEqualTo(entry.get("payload"));
        }
        List<String> correction = records.get(3);
        assertThat(correction.get(6)).isEqualTo("ContactSummaryCorrected");
        assertThat(correction.get(14)).isEqualTo("true");
        assertThat(correction.get(15)).as("formula guarded, quotes, comma and line break kept").isEqualTo("'" + REASON);
        assertThat(correction.get(16)).isEqualTo(Long.toString(position(contact)));
        assertThat(correction.get(8)).isEqualTo("RELATIONSHIP_MANAGER");
        assertThat(JSON.readTree(records.get(2).get(17)).get("summary").has("sealed"))
                .as("an export carries the event as stored: what was said stays sealed").isTrue();
        assertThat(csv.body()).doesNotContain("Plant 2");
        assertThat(csv.body()).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\"), wrong plant\nwas Plant 3\"");

        Answer ndjson = queries.get(CARL, "/audit/export.ndjson?relationshipId=" + relationship + "&sort=-position");
        assertThat(ndjson.status()).isEqualTo(200);
        assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
        assertThat(ndjson.raw().headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"audit-trail.ndjson\"");
        String[] lines = ndjson.body().split("\n");
        assertThat(lines).hasSize(history.size());
        assertThat(ndjson.body()).endsWith("\n");
        List<JsonNode> exported = new ArrayList<>();
        for (String line : lines) {
            exported.add(JSON.readTree(line));
        }
        assertThat(positions(exported)).isEqualTo(reversed(positions(history)));
        JsonNode exportedCorrection = exported.get(exported.size() - 3);
        assertThat(exportedCorrection.get("eventType").asText()).isEqualTo("ContactSummaryCorrected");
        assertThat(exportedCorrection.get("corrects").asLong()).isEqualTo(position(contact));
        assertThat(exportedCorrection.get("correctionReason").asText()).isEqualTo(REASON);
        assertThat(exportedCorrection.get("payload")).isEqualTo(history.get(2).get("payload"));
        assertThat(exportedCorrection.get("actorRoles").get(0).asText()).isEqualTo("RELATIONSHIP_MANAGER");

        Answer filtered = queries.get(CARL, "/audit/export.csv?relationshipId=" + relationship + "&actor=maria");
        assertThat(parseCsv(filtered.body())).hasSize(2);
        Answer none = queries.get(CARL, "/audit/export.ndjson?actor=nobody");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void writingTheSameEventsAgainChangesNothing() throws Exception {
        List<JsonNode> history = items(readAfter(last, MARIA, "/relationships/" + relationship + "/history"));
        long before = count();
        var dataSource = new SingleConnectionDataSource(database, TestPostgres.SUPERUSER, "", true);
        try {
            var jdbc = new JdbcTemplate(dataSource);
            var table = new AuditTrailTable(jdbc);
            List<AuditRow> again = jdbc.query("SELECT * FROM read_model.audit_entry WHERE relationship_id = ?"
                    + " ORDER BY position", (rs, i) -> new AuditRow(rs.getLong("position"), rs.getString("event_id"),
                    rs.getString("relationship_id"), rs.getString("aggregate_type"), rs.getString("aggregate_id"),
                    rs.getLong("sequence_number"), rs.getString("event_type"), "mallory", "ADMIN", "other", "other",
                    Instant.now(), null, rs.getString("subject"), rs.getBoolean("is_correction"), "rewritten", null),
                    java.util.UUID.fromString(relationship));
            assertThat(again).hasSize(history.size());
            table.insertAll(again);
        } finally {
            dataSource.destroy();
        }
        assertThat(count()).isEqualTo(before);
        assertThat(items(queries.get(MARIA, "/relationships/" + relationship + "/history"))).isEqualTo(history);
    }

    private static long count() throws Exception {
        try (var c = superuser(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM read_model.audit_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> walk(String path) {
        List<Long> seen = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            Answer page = queries.get(BIANCA, path + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            List<JsonNode> items = items(page);
            assertThat(items.size()).isLessThanOrEqualTo(3);
            seen.addAll(positions(items));
            cursor = page.text("nextCursor");
            assertThat(cursor == null || cursors.add(cursor)).isTrue();
        } while (cursor != null);
        return seen;
    }

    static List<JsonNode> items(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().get("items").forEach(items::add);
        return items;
    }

    static List<String> types(Answer answer) {
        return items(answer).stream().map(e -> e.get("eventType").asText()).toList();
    }

    static List<Long> positions(List<JsonNode> entries) {
        return entries.stream().map(e -> e.get("position").asLong()).toList();
    }

    static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    static long position(Answer command) {
        return command.json().get("position").asLong();
    }

    static String lastSegment(Answer created) {
        String location = created.raw().headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertProblem(Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"field\":\"" + field + "\"");
    }

    /** A strict RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks; records end in CRLF. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("a bare line break outside quotes at " + i).isNotIn('\r', '\n');
                cell.append(c);
            }
        }
        assertThat(record).as("the last record ends in CRLF").isEmpty();
        assertThat(cell.toString()).isEmpty();
        return records;
    }
}
