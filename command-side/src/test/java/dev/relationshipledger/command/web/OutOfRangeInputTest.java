package dev.relationshipledger.command.web;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input a client can send but the ledger cannot hold: business times PostgreSQL cannot store (a contact dated
 * -999999999 was once accepted and then stalled the audit trail's projection for good), text PostgreSQL cannot
 * store as given (a NUL in a counterparty's name stalled the status projection the same way), text that only looks
 * filled in, and {@code null} inside a list (once a 500). Each is a 400 that names the field, and nothing is
 * appended.
 */
class OutOfRangeInputTest extends CommandSideTest {

    @Test
    void businessTimesOutsideTheLedgersSpanAre400AndAppendNothing() {
        String id = open();
        for (String occurredAt : new String[]{"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "1899-12-31T23:59:59Z"}) {
            Answer answer = http().post(RITA, "/relationships/" + id + "/contacts",
                    "{\"channel\":\"CALL\",\"summary\":\"s\",\"occurredAt\":\"" + occurredAt + "\"}");
            assertInvalid(answer, "occurredAt");
        }
        Answer contract = http().post(RITA, "/contracts", "{\"relationshipId\":\"" + id + "\",\"title\":\"ancient\","
                + "\"startsOn\":\"-5000-01-01\",\"endsOn\":\"-4000-01-01\","
                + "\"terms\":{\"price\":{\"amount\":5,\"currency\":\"EUR\"},\"quantity\":1}}");
        assertInvalid(contract, "startsOn");
        Answer later = http().post(RITA, "/relationships/" + id + "/contacts",
                "{\"channel\":\"CALL\",\"summary\":\"s\",\"occurredAt\":\"1900-01-01T00:00:00Z\"}");
        assertThat(later.status()).as(later.body()).isEqualTo(201);
        assertThat(later.json().get("version").asLong()).as("nothing was appended before it").isEqualTo(1);
    }

    @Test
    void aNullInsideAListIs400NamingItsPlace() {
        String id = open();
        Answer answer = http().post(RITA, "/relationships/" + id + "/contacts", "{\"channel\":\"CALL\",\"summary\":\"s\","
                + "\"occurredAt\":\"2026-01-20T10:00:00Z\",\"participants\":[\"Jane\",null]}");
        assertInvalid(answer, "participants[1]");
    }

    @Test
    void textThePostgresTablesCannotHoldIs400AndAppendsNothing() {
        // JSON escapes: NUL, an unpaired surrogate of each kind
        for (String name : new String[]{"Acme\\u0000Steel", "Acme\\udc00x", "Acme\\ud800"}) {
            assertInvalid(http().post(RITA, "/relationships",
                    "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"SUPPLIER\"}}"), "counterparty.name");
        }
        String id = open();
        assertInvalid(http().post(RITA, "/relationships/" + id + "/contacts", "{\"channel\":\"CALL\",\"summary\":\"s\","
                + "\"occurredAt\":\"2026-01-20T10:00:00Z\",\"participants\":[\"Jane\",\"Jo\\u0000hn\"]}"), "participants[1]");
        assertInvalid(http().post(RITA, "/negotiations", "{\"relationshipId\":\"" + id + "\",\"subject\":\"x\\u0000\","
                + "\"mandate\":{\"priceFloor\":{\"amount\":1,\"currency\":\"EUR\"},\"maxDiscountPercent\":1,"
                + "\"minDurationMonths\":1,\"maxDurationMonths\":2,\"approvers\":[\"maria\"]}}"), "subject");
        // a pair of surrogates is one character (an emoji), and fine
        Answer emoji = http().post(RITA, "/relationships/" + id + "/contacts", "{\"channel\":\"CALL\","
                + "\"summary\":\"\\ud83d\\ude00 went well\",\"occurredAt\":\"2026-01-20T10:00:00Z\"}");
        assertThat(emoji.status()).as(emoji.body()).isEqualTo(201);
        assertThat(emoji.json().get("version").asLong()).as("nothing appended before it").isEqualTo(1);
    }

    @Test
    void textThatOnlyLooksFilledInIsBlank() {
        for (String name : new String[]{"\\u00a0\\u2003", "\\u200b", " \\ufeff "}) {
            assertInvalid(http().post(RITA, "/relationships",
                    "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"SUPPLIER\"}}"), "counterparty.name");
        }
    }

    private String open() {
        Answer answer = http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"Range Ltd\",\"kind\":\"SUPPLIER\"}}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    private static void assertInvalid(Answer answer, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("\"field\":\"" + field + "\"");
    }
}
