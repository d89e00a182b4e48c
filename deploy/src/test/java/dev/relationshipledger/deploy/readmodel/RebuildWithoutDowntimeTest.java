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

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rebuilding the status projection into fresh tables while it keeps serving reads and taking writes. */
class RebuildWithoutDowntimeTest extends RunningLedger {

    static final String CONTACT = "{\"channel\":\"CALL\",\"summary\":\"s\",\"sentiment\":\"POSITIVE\",\"occurredAt\":\"2026-03-01T10:00:00Z\"}";

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
        Map<String, String> before = checksums();

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
    void aRebuildWithNothingNewGivesIdenticalTables() throws Exception {
        Answer last = accepted(commands.post(RITA, "/relationships/" + openRelationship("Identical", "PARTNER")
                + "/contacts", CONTACT));
        readAfter(last, MARIA, "/relationships?atLeast=" + last.json().get("position").asLong());
        Map<String, String> before = checksums();
        assertThat(queries.post(ADAM, "/admin/rebuilds/relationship-status", "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> queries.get(ADAM, "/admin/rebuilds/relationship-status")
                .text("status"), "DONE"::equals);
        assertThat(checksums()).isEqualTo(before);
    }

    @Test
    void onlyOneRebuildRunsAcrossNodes() throws Exception {
        try (Connection c = superuser(); PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            s.setInt(1, 0x4C454447);
            s.setInt(2, "rebuild:relationship-status".hashCode());
            s.executeQuery().close(); // another node holds the rebuild lock
            Answer refused = queries.post(ADAM, "/admin/rebuilds/relationship-status", "");
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.text("type")).isEqualTo("urn:relationship-ledger:problem:rebuild-running");
        }
    }

    private static Map<String, String> checksums() throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            for (String table : List.of("relationship_status", "reputation_point", "state_checkpoint")) {
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
