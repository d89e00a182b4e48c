package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relationship status read model: what it shows, how it is queried, how it is rebuilt, what BI may see. */
class RelationshipStatusReadModelTest extends RunningLedger {

    @Test
    void complaintsNegotiationsAndContractsShowInTheStatus() {
        String id = openRelationship("Status Works GmbH", "CUSTOMER");
        Answer complaint = accepted(commands.post(RITA, "/complaints", """
                {"relationshipId":"%s","category":"DELIVERY","severity":"HIGH","description":"late again",
                 "receivedAt":"2026-01-10T09:00:00Z"}""".formatted(id)));
        JsonNode status = readAfter(complaint, MARIA, "/relationships/" + id).json();
        assertThat(status.get("status").asText()).isEqualTo("AT_RISK");
        assertThat(status.get("openComplaints").asInt()).isEqualTo(1);
        assertThat(status.get("reputation").asDouble()).isEqualTo(40.0);

        accepted(commands.post(RITA, "/negotiations", """
                {"relationshipId":"%s","subject":"2027 volumes","mandate":{"maxDiscountPercent":10,"approvers":["maria"]}}"""
                .formatted(id)));
        Answer contract = accepted(commands.post(RITA, "/contracts", """
                {"relationshipId":"%s","title":"Framework 2026","startsOn":"2026-01-01","endsOn":"2030-12-31",
                 "terms":{"price":{"amount":1000,"currency":"EUR"},"quantity":12}}""".formatted(id)));
        status = readAfter(contract, MARIA, "/relationships/" + id).json();
        assertThat(status.get("liveNegotiations").asInt()).isEqualTo(1);
        assertThat(status.get("activeContracts").asInt()).isEqualTo(1);
        assertThat(status.get("activeContractValue").get("EUR").decimalValue()).isEqualByComparingTo("12000");
        assertThat(status.get("nextRenewalOrExpiry").asText()).isEqualTo("2030-12-31");
    }

    @Test
    void listsFilterSortAndPageWithoutLosingOrRepeatingRows() {
        List<String> ids = new ArrayList<>();
        Answer last = null;
        for (int i = 0; i < 7; i++) {
            last = accepted(commands.post(RITA, "/relationships",
                    "{\"counterparty\":{\"name\":\"Pager %d\",\"kind\":\"PARTNER\"},\"tier\":\"%s\"}"
                            .formatted(i, i % 2 == 0 ? "KEY" : "STANDARD")));
            ids.add(last.text("aggregateId"));
        }
        readAfter(last, MARIA, "/relationships?q=Pager");
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer page = queries.get(MARIA, "/relationships?q=Pager&kind=PARTNER&sort=-counterpartyName&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode item : page.json().get("items")) {
                assertThat(seen.add(item.get("relationshipId").asText())).isTrue();
                names.add(item.get("counterpartyName").asText());
            }
            cursor = page.text("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(pages).isEqualTo(3);
        assertThat(names).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        Answer keyOnly = queries.get(MARIA, "/relationships?q=Pager&tier=KEY&owner=rita&status=ACTIVE");
        assertThat(keyOnly.json().get("items")).hasSize(4);
        assertThat(queries.get(MARIA, "/relationships?q=Pager&status=CLOSED").json().get("items")).isEmpty();
        assertThat(queries.get(MARIA, "/relationships?q=" + URLEncoder.encode("%_'", StandardCharsets.UTF_8))
                .json().get("items")).isEmpty();
    }

    @Test
    void badQueriesAre400ProblemsNeverServerErrors() {
        for (String query : List.of("?colour=red", "?limit=1000000", "?limit=0", "?limit=abc",
                "?sort=" + URLEncoder.encode("name;DROP TABLE x", StandardCharsets.UTF_8), "?sort=owner",
                "?status=SLEEPING", "?kind=customer", "?cursor=%21%21", "?cursor=" + "QUJD", "?atLeast=-1",
                "?atLeast=x", "?q=" + "x".repeat(101), "?owner=" + URLEncoder.encode("a b", StandardCharsets.UTF_8))) {
            Answer answer = queries.get(MARIA, "/relationships" + query);
            assertThat(answer.status()).as(query + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(queries.get(MARIA, "/relationships/not-a-uuid").status()).isEqualTo(400);
        assertThat(queries.get(MARIA, "/relationships/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void aPositionNotYetProjectedIs503WithRetryAfter() throws SQLException {
        // a position drawn and never used (as by an append rolled back): the projection cannot say it has it
        long drawn;
        try (Connection c = superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nextval('event_store.event_global_index_seq')")) {
            rs.next();
            drawn = rs.getLong(1);
        }
        Answer answer = queries.get(MARIA, "/relationships?atLeast=" + drawn);
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.raw().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    /** A position no command was given cannot arrive: answered at once, not after the wait with "retry". */
    @Test
    void aPositionBeyondAnyDrawnIs400AtOnce() {
        long started = System.nanoTime();
        Answer answer = queries.get(MARIA, "/relationships?atLeast=999999999");
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("\"field\":\"atLeast\"").contains("beyond the last position");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms, the wait is 2 s here").isLessThan(1_500);
    }

    @Test
    void theBiRoleSeesTheBiViewsAndNothingElse() throws SQLException {
        Answer opened = accepted(commands.post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Bi Visible\",\"kind\":\"COMMUNITY\"}}"));
        readAfter(opened, MARIA, "/relationships/" + opened.text("aggregateId"));
        try (Connection c = TestPostgres.connectAs(database, "ledger_bi"); Statement s = c.createStatement()) {
            for (String view : List.of("relationships", "active_contract_values", "complaints", "contracts",
                    "reputation_points", "audit_events", "contacts", "negotiations", "negotiation_rounds",
                    "relationship_delegates")) {
                s.executeQuery("SELECT * FROM bi." + view + " LIMIT 1").close();
            }
            try (ResultSet rs = s.executeQuery("SELECT status FROM bi.relationships WHERE counterparty_name = 'Bi Visible'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ACTIVE");
            }
            for (String table : List.of("read_model.relationship_status", "read_model.relationship_delegate",
                    "read_model.token_entry",
                    "read_model.audit_entry", "event_store.domain_event_entry")) {
                assertThatThrownBy(() -> s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1"))
                        .as(table).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void aFullRebuildFromZeroGivesIdenticalTables() throws Exception {
        String id = openRelationship("Rebuild Me", "SUPPLIER");
        accepted(commands.post(RITA, "/relationships/" + id + "/contacts",
                "{\"channel\":\"CALL\",\"summary\":\"s\",\"sentiment\":\"POSITIVE\",\"occurredAt\":\"2026-02-01T10:00:00Z\"}"));
        Answer last = accepted(commands.post(RITA, "/complaints", """
                {"relationshipId":"%s","category":"BILLING","severity":"LOW","description":"wrong invoice",
                 "receivedAt":"2026-02-02T10:00:00Z"}""".formatted(id)));
        readAfter(last, MARIA, "/relationships/" + id);
        Map<String, String> before = checksums();

        EventProcessingConfiguration processing = ledger.querySide().getBean(EventProcessingConfiguration.class);
        StreamingEventProcessor processor = processing
                .eventProcessor(RelationshipStatusProjection.NAME, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        try (Connection c = superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM read_model.relationship_status")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the reset emptied the table").isZero();
        }
        processor.start();
        readAfter(last, MARIA, "/relationships/" + id);
        assertThat(checksums()).isEqualTo(before);
    }

    private static Map<String, String> checksums() throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            Map<String, String> sums = new java.util.TreeMap<>();
            for (String table : List.of("relationship_status", "reputation_point")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM read_model." + table + " t")) {
                    rs.next();
                    sums.put(table, rs.getString(1));
                }
            }
            return sums;
        }
    }
}
