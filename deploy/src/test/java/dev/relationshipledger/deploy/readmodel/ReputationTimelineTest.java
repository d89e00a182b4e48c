package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.query.reputation.ReputationPoint;
import dev.relationshipledger.query.reputation.ReputationTimeline;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The reputation timeline's inserts, many points per statement (arrays through {@code unnest}), on the real
 * database: every field arrives as it was given, across statement boundaries, and a point already stored, or given
 * twice in one call, is left as it was first stored; and the portfolio's daily average read from them.
 */
class ReputationTimelineTest extends RunningLedger {

    @Test
    void storesEveryPointAcrossStatementsAndKeepsTheFirstOfAKey() {
        ReputationTimeline timeline = ledger.querySide().getBean(ReputationTimeline.class);
        String relationship = UUID.randomUUID().toString();
        // microsecond precision, as PostgreSQL keeps it; a night in which Europe's clocks change
        Instant start = Instant.parse("2026-03-29T00:59:59.123456Z");
        int count = 2 * ReputationTimeline.ROWS_PER_STATEMENT + 500; // three statements
        List<ReputationPoint> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            points.add(new ReputationPoint(relationship, i + 1, "ContactLogged", "v1", i / 3.0, i / 3.0 + 0.25,
                    0.25, "rule-" + (i % 7), start.plusSeconds(i)));
        }
        timeline.addAll(List.of(points.get(0)));
        List<ReputationPoint> again = new ArrayList<>(points);
        again.add(new ReputationPoint(relationship, 2, "ComplaintFiled", "v1", 9, 9, 9, "a second point at 2", start));

        timeline.addAll(again);

        List<ReputationPoint> stored = timeline.of(relationship, "v1");
        assertThat(stored).hasSize(count);
        for (int i = 0; i < count; i++) {
            ReputationPoint given = points.get(i);
            ReputationPoint read = stored.get(i);
            assertThat(read.position()).isEqualTo(given.position());
            assertThat(read.eventType()).as("position %d", given.position()).isEqualTo("ContactLogged");
            assertThat(read.rule()).isEqualTo(given.rule());
            assertThat(read.at()).isEqualTo(given.at());
            // numeric(8,4) columns: four decimals, as before
            assertThat(read.before()).isCloseTo(given.before(), within(0.00005));
            assertThat(read.after()).isCloseTo(given.after(), within(0.00005));
            assertThat(read.points()).isEqualTo(0.25);
        }
        timeline.addAll(List.of());
        assertThat(timeline.of(relationship, "v1")).hasSize(count);
    }

    @Test
    void thePortfolioSpansAtMost366DaysInsideTheLedgersTimeAndHasNoAverageWithoutRelationships() {
        Answer leapYear = queries.get(BIANCA, "/portfolio/reputation?from=2024-01-01&to=2024-12-31");
        assertThat(leapYear.status()).as(leapYear.body()).isEqualTo(200);
        assertThat(leapYear.json()).hasSize(366);
        for (String range : List.of("from=2025-01-01&to=2026-01-02", "from=-999999999-01-01&to=-999999999-01-05",
                "from=1899-12-31&to=1900-01-02", "from=9999-12-31&to=%2B10000-01-01", "from=2026-01-02&to=2026-01-01")) {
            Answer refused = queries.get(BIANCA, "/portfolio/reputation?" + range);
            assertThat(refused.status()).as(range + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(queries.get(BIANCA, "/portfolio/reputation?from=-999999999-01-01&to=-999999999-01-05").body())
                .contains("between 1900-01-01 and 9999-12-31");

        Answer beforeAnyRelationship = queries.get(BIANCA, "/portfolio/reputation?from=1900-01-01&to=1900-01-02");
        assertThat(beforeAnyRelationship.status()).as(beforeAnyRelationship.body()).isEqualTo(200);
        assertThat(beforeAnyRelationship.json()).hasSize(2);
        for (JsonNode day : beforeAnyRelationship.json()) {
            assertThat(day.get("relationships").asInt()).isZero();
            assertThat(day.get("averageScore").isNull()).as("no relationship, no average: " + day).isTrue();
        }
        ReputationTimeline timeline = ledger.querySide().getBean(ReputationTimeline.class);
        timeline.addAll(List.of(new ReputationPoint(UUID.randomUUID().toString(), 1, "RelationshipOpened", "v1", 50, 50,
                0, "opened", Instant.parse("1950-06-01T12:00:00Z"))));
        JsonNode scored = queries.get(BIANCA, "/portfolio/reputation?from=1950-06-01&to=1950-06-01").json().get(0);
        assertThat(scored.get("averageScore").asDouble()).isEqualTo(50.0);
        assertThat(scored.get("relationships").asInt()).isEqualTo(1);
    }
}
