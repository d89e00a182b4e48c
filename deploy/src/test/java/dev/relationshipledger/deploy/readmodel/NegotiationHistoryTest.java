package dev.relationshipledger.deploy.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.ADAM;
import static dev.relationshipledger.testsupport.TestUsers.BIANCA;
import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The negotiation history over HTTP on a real PostgreSQL: rita negotiates for her relationship, maria approves an
 * offer below the mandate's floor, a recorded price of theirs is corrected, the deal is agreed. Every round, its
 * concession, mandate check, approval and timing is checked as a compliance officer reads it.
 */
class NegotiationHistoryTest extends RunningLedger {

    static final String MANDATE = """
            {"priceFloor":{"amount":100,"currency":"EUR"},"maxDiscountPercent":10,
             "minDurationMonths":12,"maxDurationMonths":36,"approvers":["maria"]}""";

    /** Business time of round 1; later rounds are placed relative to it (the last ones just after the grant). */
    static Instant base;
    static String relationship;
    static String otherRelationshipOfRita;
    static String ralfsRelationship;
    static String agreed;
    static String walkedAway;
    static String openOfRita;
    static String openOfRalf;
    static final List<String> proposals = new ArrayList<>();
    static String approvalId;
    static Answer last;

    static String terms(String price, int quantity, int months, int days, String discount) {
        return "{\"price\":{\"amount\":" + price + ",\"currency\":\"EUR\"},\"quantity\":" + quantity
                + ",\"durationMonths\":" + months + ",\"paymentTermsDays\":" + days + ",\"discountPercent\":"
                + discount + ",\"conditions\":[\"delivery DAP Hamburg\"]}";
    }

    static String open(TestUsers user, String relationshipId, String subject) {
        return accepted(commands.post(user, "/negotiations", "{\"relationshipId\":\"" + relationshipId
                + "\",\"subject\":\"" + subject + "\",\"mandate\":" + MANDATE + "}")).text("aggregateId");
    }

    static String propose(String negotiation, String side, String terms, long secondsAfterBase, String approval) {
        Answer answer = accepted(commands.post(RITA, "/negotiations/" + negotiation + "/proposals",
                "{\"side\":\"" + side + "\",\"terms\":" + terms + ",\"madeAt\":\"" + base.plusSeconds(secondsAfterBase)
                        + "\"" + (approval == null ? "" : ",\"approvalId\":\"" + approval + "\"") + "}"));
        last = answer;
        String location = answer.raw().headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @BeforeAll
    static void negotiate() {
        base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        relationship = openRelationship("Steelworks History AG", "CUSTOMER");
        otherRelationshipOfRita = openRelationship("Second Customer GmbH", "CUSTOMER");
        ralfsRelationship = accepted(commands.post(RALF, "/relationships",
                "{\"counterparty\":{\"name\":\"Ralf's Supplier\",\"kind\":\"SUPPLIER\"}}")).text("aggregateId");

        agreed = open(RITA, relationship, "2027 steel supply");
        String n = agreed;
        proposals.add(propose(n, "OURS", terms("130", 1000, 24, 30, "0"), 0, null));          // round 1
        proposals.add(propose(n, "THEIRS", terms("90", 1200, 36, 60, "5"), 3600, null));      // round 2
        proposals.add(propose(n, "OURS", terms("115", 1000, 24, 45, "0"), 5400, null));       // round 3
        proposals.add(propose(n, "THEIRS", terms("95", 1100, 36, 60, "5"), 6000, null));      // round 4
        String below = terms("98", 1000, 24, 45, "0");
        Answer requested = accepted(commands.post(RITA, "/negotiations/" + n + "/approvals",
                "{\"terms\":" + below + ",\"justification\":\"volume justifies 98\"}"));
        String location = requested.raw().headers().firstValue("Location").orElseThrow();
        approvalId = location.substring(location.lastIndexOf('/') + 1);
        accepted(commands.post(MARIA, "/negotiations/" + n + "/approvals/" + approvalId + "/grant",
                "{\"comment\":\"ok for this deal\"}"));
        proposals.add(propose(n, "OURS", below, 7320, approvalId));                           // round 5
        proposals.add(propose(n, "THEIRS", terms("98", 1000, 24, 45, "0"), 7380, null));      // round 6
        accepted(commands.post(RITA, "/negotiations/" + n + "/proposals/" + proposals.get(1) + "/corrections",
                "{\"correctedTerms\":" + terms("92", 1200, 36, 60, "5") + ",\"reason\":\"misheard the price\"}"));
        accepted(commands.post(RITA, "/negotiations/" + n + "/conclude",
                "{\"outcome\":\"AGREED\",\"agreedProposalId\":\"" + proposals.get(4) + "\",\"reason\":\"signed off\"}"));

        walkedAway = open(RITA, relationship, "2028 spare parts");
        propose(walkedAway, "THEIRS", terms("50", 10, 12, 30, "0"), 100, null);
        accepted(commands.post(RITA, "/negotiations/" + walkedAway + "/conclude",
                "{\"outcome\":\"WALKED_AWAY\",\"reason\":\"far too low\"}"));
        openOfRita = open(RITA, otherRelationshipOfRita, "Annual service");
        openOfRalf = open(RALF, ralfsRelationship, "Raw material purchase");
        last = accepted(commands.post(RALF, "/negotiations/" + openOfRalf + "/proposals",
                "{\"side\":\"THEIRS\",\"terms\":" + terms("120", 5, 12, 30, "0") + "}"));

        // Wait for the last event of each negotiation and for each relationship's status row (the owner check reads
        // it). Polling rather than atLeast: see the report; read-your-writes is exercised in its own test.
        awaitQuery(CARL, "/negotiations/" + walkedAway, a -> a.json().get("negotiation").get("status").asText()
                .equals("WALKED_AWAY"));
        awaitQuery(CARL, "/negotiations/" + openOfRita, a -> true);
        awaitQuery(CARL, "/negotiations/" + openOfRalf, a -> a.json().get("rounds").size() == 1);
        for (String id : new String[]{relationship, otherRelationshipOfRita, ralfsRelationship}) {
            awaitQuery(CARL, "/relationships/" + id, a -> true);
        }
    }

    /** A GET that must answer 200 (the projections have caught up: see {@link #negotiate()}). */
    static Answer read(TestUsers user, String path) {
        Answer answer = queries.get(user, path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    static JsonNode history(TestUsers user, String negotiation) {
        return read(user, "/negotiations/" + negotiation).json();
    }

    @Test
    void theHeaderShowsSubjectMandateOutcomeAndTimeToAgreement() {
        JsonNode header = history(CARL, agreed).get("negotiation");
        assertThat(header.get("negotiationId").asText()).isEqualTo(agreed);
        assertThat(header.get("relationshipId").asText()).isEqualTo(relationship);
        assertThat(header.get("subject").asText()).isEqualTo("2027 steel supply");
        assertThat(header.get("mandate").get("priceFloor").get("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(header.get("mandate").get("approvers").get(0).asText()).isEqualTo("maria");
        assertThat(header.get("status").asText()).isEqualTo("AGREED");
        assertThat(header.get("outcome").asText()).isEqualTo("AGREED");
        assertThat(header.get("agreedProposalId").asText()).isEqualTo(proposals.get(4));
        assertThat(header.get("agreedTerms").get("price").get("amount").decimalValue()).isEqualByComparingTo("98");
        assertThat(header.get("conclusionReason").asText()).isEqualTo("signed off");
        assertThat(header.get("openedBy").asText()).isEqualTo("rita");
        assertThat(header.get("concludedBy").asText()).isEqualTo("rita");
        assertThat(header.get("rounds").asInt()).isEqualTo(6);
        // from the first proposal's business time (before the opening was recorded) to the conclusion's record
        Instant concludedAt = Instant.parse(header.get("concludedAt").asText());
        assertThat(header.get("timeToAgreementSeconds").asLong())
                .isEqualTo(Duration.between(base, concludedAt).getSeconds())
                .isBetween(7200L, 7500L);
    }

    @Test
    void roundsAreInOrderWithBothSidesTermsAndTheTimeBetweenThem() {
        JsonNode rounds = history(CARL, agreed).get("rounds");
        assertThat(rounds).hasSize(6);
        String[] sides = {"OURS", "THEIRS", "OURS", "THEIRS", "OURS", "THEIRS"};
        Long[] seconds = {null, 3600L, 1800L, 600L, 1320L, 60L};
        for (int i = 0; i < 6; i++) {
            JsonNode round = rounds.get(i);
            assertThat(round.get("round").asInt()).isEqualTo(i + 1);
            assertThat(round.get("proposalId").asText()).isEqualTo(proposals.get(i));
            assertThat(round.get("side").asText()).isEqualTo(sides[i]);
            assertThat(round.get("actor").asText()).isEqualTo("rita");
            assertThat(round.get("recordedAt").isNull()).isFalse();
            if (seconds[i] == null) {
                assertThat(round.get("secondsSincePreviousRound").isNull()).isTrue();
            } else {
                assertThat(round.get("secondsSincePreviousRound").asLong()).as("round %d", i + 1).isEqualTo(seconds[i]);
            }
        }
        assertThat(Instant.parse(rounds.get(3).get("madeAt").asText())).isEqualTo(base.plusSeconds(6000));
        assertThat(rounds.get(0).get("terms").get("price").get("amount").decimalValue()).isEqualByComparingTo("130");
        assertThat(rounds.get(1).get("terms").get("quantity").decimalValue()).isEqualByComparingTo("1200");
    }

    @Test
    void theMandateCheckAndTheApprovalSayWhoAllowedTheExceptionAndWhen() {
        JsonNode history = history(CARL, agreed);
        JsonNode rounds = history.get("rounds");
        JsonNode first = rounds.get(0);
        assertThat(first.get("mandateCheck").get("withinMandate").asBoolean()).isTrue();
        assertThat(first.get("mandateCheck").get("breaches")).isEmpty();
        assertThat(first.get("approval").isNull()).isTrue();

        JsonNode theirs = rounds.get(1);
        assertThat(theirs.get("mandateCheck").get("withinMandate").asBoolean()).isFalse();
        assertThat(theirs.get("mandateCheck").get("breaches").get(0).asText()).isEqualTo("price 90 below floor 100");

        JsonNode approved = rounds.get(4);
        assertThat(approved.get("side").asText()).isEqualTo("OURS");
        assertThat(approved.get("mandateCheck").get("withinMandate").asBoolean()).isFalse();
        assertThat(approved.get("mandateCheck").get("breaches").get(0).asText()).isEqualTo("price 98 below floor 100");
        JsonNode approval = approved.get("approval");
        assertThat(approval.get("approvalId").asText()).isEqualTo(approvalId);
        assertThat(approval.get("approvedBy").asText()).isEqualTo("maria");
        assertThat(approval.get("requestedBy").asText()).isEqualTo("rita");
        assertThat(approval.get("justification").asText()).isEqualTo("volume justifies 98");
        assertThat(approval.get("comment").asText()).isEqualTo("ok for this deal");
        Instant approvedAt = Instant.parse(approval.get("approvedAt").asText());
        assertThat(approvedAt).isBefore(Instant.parse(approved.get("madeAt").asText()));

        JsonNode approvals = history.get("approvals");
        assertThat(approvals).hasSize(1);
        JsonNode decided = approvals.get(0);
        assertThat(decided.get("approvalId").asText()).isEqualTo(approvalId);
        assertThat(decided.get("status").asText()).isEqualTo("GRANTED");
        assertThat(decided.get("requestedBy").asText()).isEqualTo("rita");
        assertThat(decided.get("decidedBy").asText()).isEqualTo("maria");
        assertThat(Instant.parse(decided.get("decidedAt").asText())).isEqualTo(approvedAt);
        assertThat(decided.get("breaches").get(0).asText()).isEqualTo("price 98 below floor 100");
        assertThat(decided.get("terms").get("price").get("amount").decimalValue()).isEqualByComparingTo("98");
        assertThat(decided.get("usedByProposalId").asText()).isEqualTo(proposals.get(4));
        assertThat(Instant.parse(decided.get("requestedAt").asText())).isBeforeOrEqualTo(approvedAt);
    }

    @Test
    void aCorrectionStandsBesideTheOriginal() {
        JsonNode corrected = history(CARL, agreed).get("rounds").get(1);
        assertThat(corrected.get("corrected").asBoolean()).isTrue();
        assertThat(corrected.get("terms").get("price").get("amount").decimalValue()).isEqualByComparingTo("90");
        assertThat(corrected.get("currentTerms").get("price").get("amount").decimalValue()).isEqualByComparingTo("92");
        assertThat(corrected.get("currentMandateCheck").get("breaches").get(0).asText())
                .isEqualTo("price 92 below floor 100");
        JsonNode corrections = corrected.get("corrections");
        assertThat(corrections).hasSize(1);
        JsonNode correction = corrections.get(0);
        assertThat(correction.get("previousTerms").get("price").get("amount").decimalValue()).isEqualByComparingTo("90");
        assertThat(correction.get("correctedTerms").get("price").get("amount").decimalValue()).isEqualByComparingTo("92");
        assertThat(correction.get("reason").asText()).isEqualTo("misheard the price");
        assertThat(correction.get("actor").asText()).isEqualTo("rita");
        assertThat(correction.get("recordedAt").isNull()).isFalse();
        assertThat(correction.get("mandateCheck").get("withinMandate").asBoolean()).isFalse();
        assertThat(correction.get("position").asLong()).isPositive();

        JsonNode uncorrected = history(CARL, agreed).get("rounds").get(0);
        assertThat(uncorrected.get("corrected").asBoolean()).isFalse();
        assertThat(uncorrected.get("corrections")).isEmpty();
        assertThat(uncorrected.get("currentTerms")).isEqualTo(uncorrected.get("terms"));
    }

    @Test
    void theConcessionOfEachRoundIsMeasuredAgainstTheSideBeforeAndTheOtherSide() {
        JsonNode rounds = history(CARL, agreed).get("rounds");
        assertThat(rounds.get(0).get("concession").isNull()).as("first of ours").isTrue();
        assertThat(rounds.get(1).get("concession").isNull()).as("first of theirs").isTrue();

        JsonNode third = rounds.get(2).get("concession");
        assertThat(third.get("comparedWithRound").asInt()).isEqualTo(1);
        assertThat(third.get("otherSideRound").asInt()).isEqualTo(2);
        assertTerm(third, "price", "-15", "DOWN", true);
        assertTerm(third, "quantity", "0", "SAME", false);
        assertTerm(third, "durationMonths", "0", "SAME", false);
        assertTerm(third, "paymentTermsDays", "15", "UP", true);
        assertTerm(third, "discountPercent", "0", "SAME", false);
        assertThat(third.get("terms").get("price").get("other").decimalValue()).as("their corrected price")
                .isEqualByComparingTo("92");
        assertThat(third.get("conceded").toString()).isEqualTo("[\"price\",\"paymentTermsDays\"]");

        JsonNode fourth = rounds.get(3).get("concession");
        assertThat(fourth.get("comparedWithRound").asInt()).isEqualTo(2);
        assertThat(fourth.get("otherSideRound").asInt()).isEqualTo(3);
        // against their round 2 as corrected (92, not 90 as made)
        assertTerm(fourth, "price", "3", "UP", true);
        assertTerm(fourth, "quantity", "-100", "DOWN", true);

        JsonNode fifth = rounds.get(4).get("concession");
        assertThat(fifth.get("comparedWithRound").asInt()).isEqualTo(3);
        assertThat(fifth.get("otherSideRound").asInt()).isEqualTo(4);
        assertTerm(fifth, "price", "-17", "DOWN", true);

        JsonNode sixth = rounds.get(5).get("concession");
        assertTerm(sixth, "price", "3", "UP", true);
        assertTerm(sixth, "durationMonths", "-12", "DOWN", true);
    }

    static void assertTerm(JsonNode concession, String term, String change, String direction, boolean towardOther) {
        JsonNode t = concession.get("terms").get(term);
        assertThat(t.get("change").decimalValue()).as(term).isEqualByComparingTo(change);
        assertThat(t.get("direction").asText()).as(term).isEqualTo(direction);
        assertThat(t.get("towardOther").asBoolean()).as(term).isEqualTo(towardOther);
        assertThat(t.get("towardOther").isBoolean()).as(term).isTrue();
    }

    static List<String> ids(Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.json().get("items").forEach(item -> ids.add(item.get("negotiationId").asText()));
        return ids;
    }

    @Test
    void listsFilterByRelationshipAndStatus() {
        Answer all = read(CARL, "/negotiations?limit=200");
        assertThat(ids(all)).containsExactlyInAnyOrder(agreed, walkedAway, openOfRita, openOfRalf);
        assertThat(ids(read(CARL, "/negotiations?relationshipId=" + relationship)))
                .containsExactlyInAnyOrder(agreed, walkedAway);
        assertThat(ids(read(CARL, "/negotiations?relationshipId=" + relationship + "&status=AGREED")))
                .containsExactly(agreed);
        assertThat(ids(read(CARL, "/negotiations?status=WALKED_AWAY"))).containsExactly(walkedAway);
        assertThat(ids(read(CARL, "/negotiations?status=OPEN")))
                .containsExactlyInAnyOrder(openOfRita, openOfRalf);
        assertThat(ids(read(CARL, "/negotiations?status=LOST"))).isEmpty();
        JsonNode header = read(MARIA, "/negotiations?status=WALKED_AWAY").json().get("items").get(0);
        assertThat(header.get("conclusionReason").asText()).isEqualTo("far too low");
        assertThat(header.get("timeToAgreementSeconds").isNull()).isTrue();
        assertThat(header.get("rounds").asInt()).isEqualTo(1);
    }

    @Test
    void listsArePagedWithAKeysetCursorInEachSortOrder() {
        for (String sort : new String[]{"", "&sort=openedAt", "&sort=-openedAt", "&sort=subject", "&sort=-rounds"}) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Answer page = read(CARL, "/negotiations?limit=1" + sort
                        + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.json().get("items")).hasSizeLessThanOrEqualTo(1);
                assertThat(page.json().get("limit").asInt()).isEqualTo(1);
                seen.addAll(ids(page));
                cursor = page.text("nextCursor");
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(seen).as(sort).containsExactlyInAnyOrder(agreed, walkedAway, openOfRita, openOfRalf);
            assertThat(pages).as(sort).isBetween(4, 5);
        }
        List<String> bySubject = ids(read(CARL, "/negotiations?sort=subject"));
        assertThat(bySubject).containsExactly(agreed, walkedAway, openOfRita, openOfRalf);
        List<String> newestFirst = ids(read(CARL, "/negotiations"));
        assertThat(newestFirst).containsExactly(openOfRalf, openOfRita, walkedAway, agreed);
    }

    @Test
    void aRelationshipManagerReadsOnlyTheNegotiationsOfRelationshipsTheyOwn() {
        assertProblem(queries.get(RALF, "/negotiations/" + agreed), 403, "forbidden");
        assertThat(history(RITA, agreed).get("rounds")).hasSize(6);
        assertThat(history(RALF, openOfRalf).get("rounds")).hasSize(1);
        assertProblem(queries.get(RITA, "/negotiations/" + openOfRalf), 403, "forbidden");
        for (TestUsers reader : new TestUsers[]{CARL, MARIA, BIANCA, ADAM}) {
            assertThat(history(reader, agreed).get("rounds")).as(reader.name()).hasSize(6);
        }
        assertThat(ids(read(RITA, "/negotiations?limit=200")))
                .containsExactlyInAnyOrder(agreed, walkedAway, openOfRita);
        assertThat(ids(read(RALF, "/negotiations?limit=200"))).containsExactly(openOfRalf);
        assertProblem(queries.get(RALF, "/negotiations?relationshipId=" + relationship), 403, "forbidden");
        assertThat(ids(read(RALF, "/negotiations?relationshipId=" + ralfsRelationship)))
                .containsExactly(openOfRalf);
        assertThat(queries.get(null, "/negotiations/" + agreed).status()).isEqualTo(401);
    }

    /** {@code atLeast} waits for the command's position, on the history and, for a relationship manager, the owner. */
    @Test
    void atLeastReadsYourWrites() {
        Answer proposed = accepted(commands.post(RITA, "/negotiations/" + openOfRita + "/proposals",
                "{\"side\":\"THEIRS\",\"terms\":" + terms("100", 1, 12, 30, "0") + "}"));
        assertThat(readAfter(proposed, RITA, "/negotiations/" + openOfRita).json().get("rounds")).hasSize(1);
        assertThat(readAfter(proposed, CARL, "/negotiations?relationshipId=" + otherRelationshipOfRita).json()
                .get("items").get(0).get("rounds").asInt()).isEqualTo(1);
        assertThat(readAfter(proposed, RITA, "/negotiations?status=OPEN").json().get("items")).hasSize(1);
        long position = proposed.json().get("position").asLong();
        assertProblem(queries.get(RALF, "/negotiations/" + openOfRita + "?atLeast=" + position), 403, "forbidden");
        assertProblem(queries.get(RALF, "/negotiations?relationshipId=" + otherRelationshipOfRita + "&atLeast="
                + position), 403, "forbidden");
    }

    @Test
    void unknownNegotiationsAre404() {
        assertProblem(queries.get(CARL, "/negotiations/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(queries.get(RITA, "/negotiations/" + UUID.randomUUID()), 404, "not-found");
    }

    @Test
    void badInputsAre400() {
        String cursorOfAnotherSort = read(CARL, "/negotiations?limit=1&sort=subject").text("nextCursor");
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("-openedAt\u001fnot-a-time\u001f" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String badId = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("-openedAt\u001f2026-01-01T00:00:00Z\u001fnot-a-uuid").getBytes(StandardCharsets.UTF_8));
        for (String path : new String[]{
                "/negotiations/not-a-uuid",
                "/negotiations/" + agreed + "?foo=1",
                "/negotiations/" + agreed + "?atLeast=abc",
                "/negotiations/" + agreed + "?atLeast=-1",
                "/negotiations?foo=1",
                "/negotiations?status=NOPE",
                "/negotiations?limit=0",
                "/negotiations?limit=201",
                "/negotiations?limit=x",
                "/negotiations?relationshipId=xyz",
                "/negotiations?sort=price",
                "/negotiations?cursor=!!!",
                "/negotiations?cursor=" + cursorOfAnotherSort,
                "/negotiations?cursor=" + tampered,
                "/negotiations?cursor=" + badId,
                "/negotiations?atLeast=soon"}) {
            assertProblem(queries.get(CARL, path), 400, "validation");
        }
    }

    static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:" + type);
    }
}
