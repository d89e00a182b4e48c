package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.relationshipledger.deploy.readmodel.AuditTrailTest.MANDATE;
import static dev.relationshipledger.deploy.readmodel.AuditTrailTest.TERMS;
import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rebuilding projections into fresh tables while they keep serving reads and taking writes. */
class RebuildWithoutDowntimeTest extends RunningLedger {

    static final String CONTACT = "{\"channel\":\"CALL\",\"summary\":\"s\",\"sentiment\":\"POSITIVE\",\"occurredAt\":\"2026-03-01T10:00:00Z\"}";
    static final List<String> STATUS_TABLES = List.of("relationship_status", "relationship_delegate", "reputation_point",
            "state_checkpoint");
    static final List<String> ALL_TABLES = List.of("relationship_status", "relationship_delegate", "reputation_point",
            "state_checkpoint",
            "audit_entry", "negotiation", "negotiation_round", "negotiation_correction", "negotiation_approval");

    @Test
    void aRebuildServesThroughoutSwitchesAtomicallyAndEqualsTheLiveTables() throws Exception {
        List<String> ids = new ArrayList<>();
        Answer last = null;
        for (int i = 0; i < 12; i++) {
            String id = openRelationship("Rebuilt " + i, "SUPPLIER");
            ids.add(id);
            for (int c = 0; c < 5; c++) {
                last = accepted(commands.post(RITA, "/relationships/" + id + "/contacts", CONTACT));
            }
        }
        readAfter(last, MARIA, "/relationships/" + ids.get(0));
        Map<String, String> before = checksums(STATUS_TABLES);

        assertThat(queries.post(MARIA, "/admin/rebuilds/relationship-status", "").status()).isEqualTo(403);
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<Integer> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        Future<?> reader = readers.submit(() -> {
            while (reading.get()) {
                Answer a = queries.get(MARIA, "/relationships/" + ids.get(reads.get() % ids.size()));
                if (a.status() != 200) {
                    failures.add(a.status());
                }
                reads.incrementAndGet();
            }
        });

        Answer started = queries.post(ADAM, "/admin/rebuilds/relationship-status", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        Answer written = accepted(commands.post(RITA, "/relationships/" + ids.get(3) + "/contacts", CONTACT));
        Answer done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queries.get(ADAM, "/admin/rebuilds/relationship-status"),
                        a -> a.status() == 200 && !a.text("status").equals("RUNNING") && !a.text("status").equals("SWITCHING"));
        reading.set(false);
        reader.get();
        readers.shutdown();

        assertThat(done.text("status")).as(done.body()).isEqualTo("DONE");
        assertThat(done.json().get("eventsDone").asLong()).isGreaterThanOrEqualTo(done.json().get("eventsTotal").asLong());
        assertThat(failures).as("every read during the rebuild succeeded (" + reads.get() + " reads)").isEmpty();
        assertThat(readAfter(written, MARIA, "/relationships/" + ids.get(3)).json().get("contactCount").asInt())
                .as("a write during the rebuild is in the switched tables").isEqualTo(6);

        accepted(commands.post(RITA, "/relationships/" + ids.get(3) + "/contacts", CONTACT));
        Answer after = accepted(commands.post(RITA, "/relationships/" + ids.get(4) + "/contacts", CONTACT));
        assertThat(readAfter(after, MARIA, "/relationships/" + ids.get(3)).json().get("contactCount").asInt())
                .as("the live processor goes on writing into the switched tables").isEqualTo(7);
        assertThat(before).isNotEmpty();
    }

    @Test
    void aRebuildOfAllWithNothingNewGivesIdenticalTables() throws Exception {
        recordOfEveryKind("Identical");
        Map<String, String> before = checksums(ALL_TABLES);
        rebuild("all");
        assertThat(checksums(ALL_TABLES)).isEqualTo(before);
    }

    @Test
    void aRebuildOfAllRepairsEveryProjection() throws Exception {
        String relationship = recordOfEveryKind("Repaired");
        Map<String, String> before = checksums(ALL_TABLES);
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            // a row changed, a row lost and a row that should not be there, in each projection
            s.executeUpdate("UPDATE read_model.relationship_status SET contact_count = 99 WHERE relationship_id = '"
                    + relationship + "'");
            s.executeUpdate("DELETE FROM read_model.reputation_point WHERE relationship_id = '" + relationship + "'");
            s.executeUpdate("DELETE FROM read_model.relationship_delegate WHERE relationship_id = '" + relationship + "'");
            s.executeUpdate("INSERT INTO read_model.relationship_delegate VALUES ('mallory', '" + relationship + "')");
            s.executeUpdate("UPDATE read_model.audit_entry SET actor = 'mallory', corrects_position = NULL");
            s.executeUpdate("DELETE FROM read_model.audit_entry WHERE position = (SELECT max(position) FROM "
                    + "read_model.audit_entry)");
            s.executeUpdate("INSERT INTO read_model.audit_entry SELECT position + 1000000, event_id, relationship_id, "
                    + "aggregate_type, aggregate_id, sequence_number, event_type, actor, actor_roles, correlation_id, "
                    + "causation_id, recorded_at, business_time, subject, is_correction, correction_reason, "
                    + "corrects_position FROM read_model.audit_entry WHERE position = (SELECT min(position) "
                    + "FROM read_model.audit_entry)");
            s.executeUpdate("UPDATE read_model.negotiation SET status = 'OPEN', outcome = NULL");
            s.executeUpdate("DELETE FROM read_model.negotiation_correction");
            s.executeUpdate("UPDATE read_model.negotiation_approval SET status = 'REQUESTED'");
        }
        assertThat(checksums(ALL_TABLES)).isNotEqualTo(before);
        rebuild("all");
        assertThat(checksums(ALL_TABLES)).isEqualTo(before);
    }

    @Test
    void eachProjectionRebuildsAloneAndUnknownNamesAreRefused() throws Exception {
        recordOfEveryKind("Alone");
        Map<String, String> before = checksums(ALL_TABLES);
        for (String projection : List.of("audit-trail", "negotiation-history")) {
            rebuild(projection);
        }
        assertThat(checksums(ALL_TABLES)).isEqualTo(before);
        Answer listed = queries.get(ADAM, "/admin/rebuilds");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("\"audit-trail\"", "\"negotiation-history\"");

        Answer unknown = queries.post(ADAM, "/admin/rebuilds/reputation", "");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(unknown.text("detail")).contains("reputation", "relationship-status", "all");
    }

    @Test
    void eventsArrivingWhileTheSwitchWaitsAreFoldedBeforeItCommits() throws Exception {
        String relationship = recordOfEveryKind("Caught up");
        Answer correction;
        Answer proposed;
        try (Connection holder = superuser(); Statement s = holder.createStatement()) {
            // Holds the audit trail's and the negotiation history's switches (and their live processors) at the lock.
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE read_model.audit_entry, read_model.negotiation IN SHARE MODE");
            assertThat(queries.post(ADAM, "/admin/rebuilds/all", "").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> queries.get(ADAM, "/admin/rebuilds/all").text("status"), "SWITCHING"::equals);
            Answer contact = accepted(commands.post(RITA, "/relationships/" + relationship + "/contacts", CONTACT));
            correction = accepted(commands.post(RITA, "/relationships/" + relationship + "/contacts/"
                    + lastSegment(contact) + "/corrections", "{\"correctedSummary\":\"late\",\"reason\":\"typo\"}"));
            String negotiation = accepted(commands.post(RITA, "/negotiations", "{\"relationshipId\":\"" + relationship
                    + "\",\"subject\":\"late\",\"mandate\":" + MANDATE + "}")).text("aggregateId");
            proposed = accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals",
                    "{\"side\":\"THEIRS\",\"terms\":" + TERMS.formatted(95) + "}"));
            holder.rollback();
        }
        Answer done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queries.get(ADAM, "/admin/rebuilds/all"), a -> !a.text("status").equals("SWITCHING"));
        assertThat(done.text("status")).as(done.body()).isEqualTo("DONE");
        assertThat(done.json().get("lastPosition").asLong()).as("the catch-up read the events written meanwhile")
                .isGreaterThanOrEqualTo(proposed.json().get("position").asLong());
        long correctionPosition = correction.json().get("position").asLong();
        assertThat(AuditTrailTest.items(readAfter(correction, MARIA, "/relationships/" + relationship
                + "/history?limit=200")).stream().filter(e -> e.get("position").asLong() == correctionPosition)
                .map(e -> e.get("corrects"))).as("the correction linked to its original")
                .singleElement().matches(corrects -> corrects.isNumber() && corrects.asLong() < correctionPosition);
        readAfter(proposed, MARIA, "/negotiations/" + proposed.text("aggregateId"));

        Map<String, String> caughtUp = checksums(ALL_TABLES);
        rebuild("all");
        assertThat(checksums(ALL_TABLES)).as("the catch-up wrote what a bulk pass writes").isEqualTo(caughtUp);
    }

    @Test
    void aFailedPassFailsTheRebuildLeavesTheLiveTablesAndReleasesTheLock() throws Exception {
        recordOfEveryKind("Failing");
        Map<String, String> before = checksums(ALL_TABLES);
        String role;
        try (Connection c = superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT grantee FROM information_schema.role_table_grants WHERE "
                     + "table_schema = 'read_model' AND table_name = 'audit_entry_next' AND privilege_type = 'INSERT' "
                     + "AND grantee <> current_user")) {
            assertThat(rs.next()).isTrue();
            role = rs.getString(1);
            s.execute("REVOKE INSERT ON read_model.audit_entry_next FROM \"" + role + "\"");
        }
        try {
            Answer started = queries.post(ADAM, "/admin/rebuilds/all", "");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            Answer failed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> queries.get(ADAM, "/admin/rebuilds/all"), a -> a.text("status").equals("FAILED"));
            assertThat(failed.text("error")).as(failed.body()).contains("audit-trail");
            assertThat(checksums(ALL_TABLES)).isEqualTo(before);
            await().atMost(Duration.ofSeconds(5)).until(() -> rebuildFailedGauge("all") == 1.0);
        } finally {
            try (Connection c = superuser(); Statement s = c.createStatement()) {
                s.execute("GRANT INSERT ON read_model.audit_entry_next TO \"" + role + "\"");
            }
        }
        rebuild("all"); // the lock went with the failure
        assertThat(checksums(ALL_TABLES)).isEqualTo(before);
        await().atMost(Duration.ofSeconds(5)).until(() -> rebuildFailedGauge("all") == 0.0);
    }

    /** ledger_rebuild_failed of one rebuild name, as the query side's Prometheus endpoint shows it. */
    private static double rebuildFailedGauge(String projection) {
        String prefix = "ledger_rebuild_failed{";
        return queries.get(null, "/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(prefix) && line.contains("projection=\"" + projection + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    @Test
    void aRebuildWhoseNodeDiedIsShownInterruptedAndCanStartAgain() throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            // what a node that died mid-rebuild leaves behind: the row says running, and its lock went with it
            s.executeUpdate("""
                    INSERT INTO read_model.projection_rebuild (projection, status, node, started_at, finished_at,
                        events_total, events_done, last_position, error)
                    VALUES ('negotiation-history', 'RUNNING', 'gone/1', now(), NULL, 10, 5, 5, NULL)
                    ON CONFLICT (projection) DO UPDATE SET status = 'RUNNING', node = 'gone/1', finished_at = NULL""");
        }
        Answer shown = queries.get(ADAM, "/admin/rebuilds/negotiation-history");
        assertThat(shown.text("status")).as(shown.body()).isEqualTo("INTERRUPTED");
        assertThat(shown.text("error")).contains("start it again");
        rebuild("negotiation-history");
    }

    @Test
    void aRebuildStartedTheMomentTheLastOneIsShownDoneIsAccepted() {
        for (int round = 0; round < 5; round++) {
            Answer started = queries.post(ADAM, "/admin/rebuilds/all", "");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                    .until(() -> queries.get(ADAM, "/admin/rebuilds/all").text("status"), "DONE"::equals);
            // what a script does next: no 409 while the finished one still cleans up and lets go of the lock
            rebuild("relationship-status");
        }
    }

    @Test
    void onlyOneRebuildRunsAcrossNodes() throws Exception {
        try (Connection c = superuser(); PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            s.setInt(1, 0x4C454447);
            s.setInt(2, "rebuild".hashCode());
            s.executeQuery().close(); // another node holds the rebuild lock
            for (String projection : List.of("relationship-status", "all")) {
                Answer refused = queries.post(ADAM, "/admin/rebuilds/" + projection, "");
                assertThat(refused.status()).as(refused.body()).isEqualTo(409);
                assertThat(refused.text("type")).isEqualTo("urn:relationship-ledger:problem:rebuild-running");
            }
        }
    }

    /**
     * A relationship with a contact and its correction, and a negotiation with rounds, an approval requested and
     * granted, a corrected proposal and its conclusion, read back from every projection.
     */
    private static String recordOfEveryKind(String name) {
        String id = openRelationship(name, "CUSTOMER");
        accepted(commands.post(RITA, "/relationships/" + id + "/delegates", "{\"delegate\":\"ralf\"}"));
        Answer contact = accepted(commands.post(RITA, "/relationships/" + id + "/contacts", CONTACT));
        accepted(commands.post(RITA, "/relationships/" + id + "/contacts/" + lastSegment(contact) + "/corrections",
                "{\"correctedSummary\":\"visited\",\"reason\":\"typo\"}"));
        String negotiation = accepted(commands.post(RITA, "/negotiations", "{\"relationshipId\":\"" + id
                + "\",\"subject\":\"supply\",\"mandate\":" + MANDATE + "}")).text("aggregateId");
        Answer theirs = accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals",
                "{\"side\":\"THEIRS\",\"terms\":" + TERMS.formatted(95) + "}"));
        accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals",
                "{\"side\":\"OURS\",\"terms\":" + TERMS.formatted(130) + "}"));
        Answer requested = accepted(commands.post(RITA, "/negotiations/" + negotiation + "/approvals",
                "{\"terms\":" + TERMS.formatted(98) + ",\"justification\":\"volume\"}"));
        accepted(commands.post(MARIA, "/negotiations/" + negotiation + "/approvals/" + lastSegment(requested)
                + "/grant", "{\"comment\":\"ok\"}"));
        accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals/" + lastSegment(theirs)
                + "/corrections", "{\"correctedTerms\":" + TERMS.formatted(120) + ",\"reason\":\"misheard\"}"));
        Answer last = accepted(commands.post(RITA, "/negotiations/" + negotiation + "/conclude",
                "{\"outcome\":\"WALKED_AWAY\",\"reason\":\"too far apart\"}"));
        readAfter(last, MARIA, "/relationships/" + id);
        readAfter(last, MARIA, "/relationships/" + id + "/history");
        readAfter(last, MARIA, "/negotiations/" + negotiation);
        return id;
    }

    private static String lastSegment(Answer created) {
        String location = created.raw().headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Starts a rebuild and waits until it is done. */
    private static void rebuild(String projection) {
        Answer started = queries.post(ADAM, "/admin/rebuilds/" + projection, "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        Answer done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> queries.get(ADAM, "/admin/rebuilds/" + projection),
                        a -> !a.text("status").equals("RUNNING") && !a.text("status").equals("SWITCHING"));
        assertThat(done.text("status")).as(done.body()).isEqualTo("DONE");
    }

    private static Map<String, String> checksums(List<String> tables) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                        + "ORDER BY t::text)), '') FROM read_model." + table + " t")) {
                    rs.next();
                    sums.put(table, rs.getString(1));
                }
            }
        }
        return sums;
    }
}
