package dev.relationshipledger.command.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

import static dev.relationshipledger.testsupport.TestUsers.CARL;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the erasure tests of contacts' and complaints' text share: the store, the keys, a reader, the chain. */
abstract class ErasureApiTest extends CommandSideTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JdbcPersonalDataKeys keys;

    /** How a reader that shows events opens them (the query side's time travel does so). */
    ObjectMapper opening() {
        return LedgerJson.newEventMapper(keys);
    }

    /** A new relationship owned by rita; its id. */
    String open() {
        Answer answer = http().post(RITA, "/relationships", "{\"counterparty\":{\"name\":\"Erasure Co\",\"kind\":\"CUSTOMER\"}}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    /** Waits until the chain's scheduled verification has reached the position, and asserts it verified. */
    void awaitVerifiedUpTo(long position) {
        JsonNode verification = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http().get(CARL, "/chain/verification").json(),
                        json -> json.get("chainHead").asLong(0) >= position);
        assertThat(verification.get("ok").asBoolean()).as("the chain verifies after the erasure: " + verification).isTrue();
    }
}
