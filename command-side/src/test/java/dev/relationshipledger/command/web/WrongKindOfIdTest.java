package dev.relationshipledger.command.web;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An id of one kind of aggregate sent where another kind is expected is a 404, every time: also while that
 * aggregate is held in memory after its last command (it was a 500 then, found by an exploratory run).
 */
class WrongKindOfIdTest extends CommandSideTest {

    @Test
    void aContractsIdOnAComplaintOrANegotiationIs404EvenWhileTheContractIsCached() {
        String relationship = accepted(http().post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Kinds Ltd\",\"kind\":\"SUPPLIER\"}}"));
        String contract = accepted(http().post(MARIA, "/contracts", "{\"relationshipId\":\"" + relationship + "\","
                + "\"terms\":{\"price\":{\"amount\":5,\"currency\":\"EUR\"}},\"startsOn\":\"2026-01-01\","
                + "\"endsOn\":\"2027-01-01\",\"title\":\"c\"}"));
        for (int attempt = 0; attempt < 2; attempt++) {
            assertNotFound(http().post(MARIA, "/complaints/" + contract + "/acknowledge", "{}"));
        }
        accepted(http().post(RITA, "/relationships/" + relationship + "/contacts",
                "{\"channel\":\"CALL\",\"summary\":\"s\",\"occurredAt\":\"2026-01-20T10:00:00Z\"}"));
        assertNotFound(http().post(MARIA, "/negotiations/" + relationship + "/conclude",
                "{\"outcome\":\"LOST\",\"reason\":\"r\"}"));
        assertNotFound(http().post(MARIA, "/contracts/" + relationship + "/suspend", "{\"reason\":\"r\"}"));
    }

    private static String accepted(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    private static void assertNotFound(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:not-found");
    }
}
