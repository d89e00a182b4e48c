package dev.relationshipledger.command.store;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This node keeps aggregates in memory between commands ({@link AggregateCache}); another command node appends to
 * the same aggregate meanwhile (here: a copy of the aggregate's last event stored under the next sequence number,
 * as that node's append would). The next command on this node must be decided on the state with the other node's
 * event, not refused and not appended out of sequence; a stale If-Match is still a 409.
 */
class AnotherNodeAppendedTest extends CommandSideTest {

    static final String CONTACT = """
            {"channel":"CALL","summary":"%s","sentiment":"NEUTRAL","occurredAt":"2026-01-05T10:00:00Z"}""";

    @Test
    void aCommandOnAnAggregateAnotherNodeMovedOnIsDecidedAgainOnTheFreshState() throws Exception {
        String relationship = open();
        assertThat(contact(relationship, "first", Map.of()).json().get("version").asLong()).isEqualTo(1);

        AnotherNode.appendsTo(DATABASE_URL, relationship); // version 2, unseen by this node's cached aggregate

        Answer next = contact(relationship, "after the other node", Map.of());
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().get("version").asLong()).isEqualTo(3);
        assertThat(count(relationship)).isEqualTo(4);
    }

    @Test
    void anIfMatchThatNamesTheOtherNodesVersionIsAcceptedAndAStaleOneIsRefused() throws Exception {
        String relationship = open();
        contact(relationship, "first", Map.of());
        AnotherNode.appendsTo(DATABASE_URL, relationship); // version 2

        Answer stale = contact(relationship, "stale", Map.of("If-Match", "\"1\""));
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.text("type")).isEqualTo("urn:relationship-ledger:problem:version-conflict");

        AnotherNode.appendsTo(DATABASE_URL, relationship); // version 3: the cache, if it kept anything, is behind again
        Answer current = contact(relationship, "current", Map.of("If-Match", "\"3\""));
        assertThat(current.status()).as(current.body()).isEqualTo(201);
        assertThat(current.json().get("version").asLong()).isEqualTo(4);
        assertThat(count(relationship)).isEqualTo(5);
    }

    @Test
    void aCommandRecordingTextAnotherNodeErasedMeanwhileIsDecidedAgainAndRefused() throws Exception {
        String relationship = open();
        String complaint = UUID.randomUUID().toString();
        Answer filed = http().post(TestUsers.RITA, "/complaints", """
                {"complaintId":"%s","relationshipId":"%s","category":"SERVICE","severity":"HIGH",
                 "description":"Jane Stale was kept waiting","receivedAt":"2026-01-05T10:00:00Z"}"""
                .formatted(complaint, relationship));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        assertThat(http().post(TestUsers.RITA, "/complaints/" + complaint + "/acknowledge", "{}").status())
                .isEqualTo(200);
        assertThat(http().post(TestUsers.RITA, "/complaints/" + complaint + "/resolve", "{\"resolution\":\"r\"}")
                .status()).isEqualTo(200);

        // the other node records the erasure and destroys the key; this node's cached complaint knows neither
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, "ledger_command")) {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                        type, time_stamp, payload_type, payload_revision, payload, meta_data)
                    SELECT gen_random_uuid()::text, aggregate_identifier, sequence_number + 1, type, time_stamp,
                        'dev.relationshipledger.kernel.complaint.ComplaintTextErased', NULL, convert_to(?, 'UTF8'),
                        meta_data
                    FROM event_store.domain_event_entry WHERE aggregate_identifier = ?
                    ORDER BY sequence_number DESC LIMIT 1""")) {
                s.setString(1, "{\"complaintId\":\"" + complaint + "\",\"relationshipId\":\"" + relationship
                        + "\",\"reason\":\"erasure request\"}");
                s.setString(2, complaint);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            assertThat(KeyTable.destroy(c, new KeyHolder.Complaint(RelationshipId.of(relationship),
                    ComplaintId.of(complaint)))).isTrue();
        }

        Answer corrected = http().post(TestUsers.RITA, "/complaints/" + complaint + "/corrections",
                "{\"severity\":\"LOW\",\"reason\":\"overstated\"}");
        assertThat(corrected.status()).as("not a 500: " + corrected.body()).isEqualTo(409);
        assertThat(corrected.text("rule")).isEqualTo("erased-complaint-stays-erased");
        assertThat(count(complaint)).isEqualTo(4);
    }

    private String open() {
        Answer opened = http().post(TestUsers.RITA, "/relationships", "{\"relationshipId\":\"" + UUID.randomUUID()
                + "\",\"counterparty\":{\"name\":\"Two Nodes Ltd\",\"kind\":\"PARTNER\"}}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.text("aggregateId");
    }

    private Answer contact(String relationship, String summary, Map<String, String> headers) {
        return http().post(TestUsers.RITA, "/relationships/" + relationship + "/contacts", CONTACT.formatted(summary),
                headers);
    }

    private static int count(String aggregate) throws Exception {
        try (Connection c = TestPostgres.connectAs(DATABASE_URL, TestPostgres.SUPERUSER);
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregate_identifier = ?")) {
            s.setString(1, aggregate);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
