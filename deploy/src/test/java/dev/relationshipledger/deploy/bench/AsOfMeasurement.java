package dev.relationshipledger.deploy.bench;

import dev.relationshipledger.deploy.readmodel.RunningLedger;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;

/**
 * Measures as-of reconstruction (issue 5, benchmark S5) for relationships of 10, 1,000 and 10,000 events, over HTTP
 * on the query side, both axes, at random instants across each history. Not part of the normal build:
 * {@code mvn -B -pl deploy -am verify -Dtest=AsOfMeasurement -Dledger.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Events are written straight into the event store (as the command side would have written them) so that seeding
 * 10,000 events takes seconds; the projections and the audit trail then process them like any other.
 */
@EnabledIfSystemProperty(named = "ledger.bench", matches = "true")
class AsOfMeasurement extends RunningLedger {

    static final int QUESTIONS = 300;

    @Test
    void measure() throws Exception {
        Map<Integer, String> relationships = new LinkedHashMap<>();
        for (int size : new int[]{10, 1_000, 10_000}) {
            relationships.put(size, seed(size));
        }
        for (Map.Entry<Integer, String> r : relationships.entrySet()) {
            String id = r.getValue();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Answer a = queries.get(TestUsers.MARIA, "/relationships/" + id);
                return a.status() == 200 && a.json().get("contactCount").asInt() == r.getKey() - 1;
            });
            Thread.sleep(2000); // let the audit trail finish too
        }
        System.out.printf("%n| events | axis | p50 ms | p95 ms | p99 ms | max ms | questions |%n|---|---|---|---|---|---|---|%n");
        for (Map.Entry<Integer, String> r : relationships.entrySet()) {
            for (String axis : new String[]{"recorded", "business"}) {
                Histogram latency = new Histogram(3);
                for (int i = 0; i < QUESTIONS + 50; i++) {
                    Instant at = START.plusSeconds(ThreadLocalRandom.current().nextLong(r.getKey() + 10L));
                    long t0 = System.nanoTime();
                    Answer a = queries.get(TestUsers.MARIA, "/relationships/" + r.getValue() + "/as-of?at=" + at + "&axis=" + axis);
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (a.status() != 200 && a.status() != 404) {
                        throw new AssertionError(a.body());
                    }
                    if (i >= 50) { // warm-up
                        latency.recordValue(micros);
                    }
                }
                System.out.printf("| %,d | %s | %.1f | %.1f | %.1f | %.1f | %d |%n", r.getKey(), axis,
                        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(95) / 1000.0,
                        latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, QUESTIONS);
            }
        }
    }

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** One relationship with {@code events} events (an opening and contacts, one second apart), inserted directly. */
    static String seed(int events) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection c = superuser()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO event_store.domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                        type, time_stamp, payload_type, payload_revision, payload, meta_data)
                    VALUES (?, ?, ?, 'Relationship', ?, ?, NULL, convert_to(?, 'UTF8'), convert_to(?, 'UTF8'))""")) {
                String meta = "{\"actor\":\"rita\",\"actorRoles\":\"RELATIONSHIP_MANAGER\",\"correlationId\":\"bench\",\"causationId\":\"bench\"}";
                for (int i = 0; i < events; i++) {
                    Instant at = START.plusSeconds(i);
                    s.setString(1, UUID.randomUUID().toString());
                    s.setString(2, id);
                    s.setLong(3, i);
                    s.setString(4, at.toString());
                    if (i == 0) {
                        s.setString(5, "dev.relationshipledger.kernel.relationship.RelationshipOpened");
                        s.setString(6, "{\"relationshipId\":\"" + id + "\",\"counterparty\":{\"name\":\"Bench " + events
                                + "\",\"kind\":\"CUSTOMER\",\"segment\":null},\"owner\":\"rita\",\"tier\":\"KEY\"}");
                    } else {
                        s.setString(5, "dev.relationshipledger.kernel.relationship.ContactLogged");
                        String sentiment = i % 3 == 0 ? "POSITIVE" : i % 7 == 0 ? "NEGATIVE" : "NEUTRAL";
                        s.setString(6, "{\"relationshipId\":\"" + id + "\",\"contactId\":\"" + UUID.randomUUID()
                                + "\",\"channel\":\"CALL\",\"participants\":[],\"summary\":\"contact " + i
                                + "\",\"sentiment\":\"" + sentiment + "\",\"followUps\":[],\"occurredAt\":\""
                                + at.minusSeconds(i % 5 == 0 ? 86_400 : 0) + "\"}");
                    }
                    s.setString(7, meta);
                    s.addBatch();
                    if (i % 1000 == 999) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            c.commit();
        }
        return id;
    }
}
