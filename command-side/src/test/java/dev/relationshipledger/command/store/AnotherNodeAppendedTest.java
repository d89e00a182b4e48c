package dev.relationshipledger.command.store;

import dev.relationshipledger.command.CommandSideTest;
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
