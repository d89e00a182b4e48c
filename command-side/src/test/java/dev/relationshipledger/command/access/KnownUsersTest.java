package dev.relationshipledger.command.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.command.security.LedgerUsers;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.relationshipledger.testsupport.TestUsers.MARIA;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * An owner, a delegate or an approver must be a user of the ledger in a role that can act for what they are named
 * (a relationship once owned by "ghost" had nobody left who could record on it). The test users are rita and ralf
 * (relationship managers), maria (manager), carl, bianca and adam.
 */
class KnownUsersTest extends CommandSideTest {

    static final String MANDATE = "{\"priceFloor\":{\"amount\":100,\"currency\":\"EUR\"},\"maxDiscountPercent\":10,"
            + "\"minDurationMonths\":12,\"maxDurationMonths\":36,\"approvers\":%s}";

    @Test
    void ownersDelegatesAndApproversMustBeUsersInTheirRole() {
        for (String owner : List.of("ghost", "bianca", "maria", "RITA")) {
            refused(http().post(MARIA, "/relationships", opening("\"" + owner + "\"")), "owner");
        }
        String id = accepted(http().post(MARIA, "/relationships", opening("\"ralf\""))).text("aggregateId");

        for (String delegate : List.of("carl", "adam", "nobody-at-all")) {
            refused(http().post(MARIA, "/relationships/" + id + "/delegates", "{\"delegate\":\"" + delegate + "\"}"),
                    "delegate");
        }
        accepted(http().post(MARIA, "/relationships/" + id + "/delegates", "{\"delegate\":\"rita\"}"));
        refused(http().post(MARIA, "/relationships/" + id + "/reassign-owner",
                "{\"newOwner\":\"ghost\",\"reason\":\"left\"}"), "newOwner");
        accepted(http().post(MARIA, "/relationships/" + id + "/reassign-owner",
                "{\"newOwner\":\"rita\",\"reason\":\"took over\"}"));

        refused(http().post(RITA, "/negotiations", "{\"relationshipId\":\"" + id + "\",\"subject\":\"s\",\"mandate\":"
                + MANDATE.formatted("[\"maria\",\"ghost\",\"bianca\"]") + "}"), "mandate.approvers[1]", "mandate.approvers[2]");
        accepted(http().post(RITA, "/negotiations", "{\"relationshipId\":\"" + id + "\",\"subject\":\"s\",\"mandate\":"
                + MANDATE.formatted("[\"maria\",\"ralf\"]") + "}"));
    }

    /** With bearer tokens the identity provider holds the users: names are taken as given. */
    @Test
    void withBearerTokensNamesAreTakenAsGiven() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("jwtDecoder", (JwtDecoder) token -> {
            throw new UnsupportedOperationException();
        });
        ObjectProvider<JwtDecoder> decoder = beans.getBeanProvider(JwtDecoder.class);
        LedgerUsers configured = new LedgerUsers(List.of(new LedgerUsers.User("rita", "{noop}x",
                Set.of(Role.RELATIONSHIP_MANAGER))));
        KnownUsers users = new KnownUsers(configured, decoder);
        assertThatCode(() -> users.require("owner", UserName.of("someone-from-the-idp"),
                KnownUsers.RELATIONSHIP_MANAGERS)).doesNotThrowAnyException();
    }

    private static String opening(String owner) {
        return "{\"counterparty\":{\"name\":\"Owned Ltd\",\"kind\":\"CUSTOMER\"},\"owner\":" + owner + "}";
    }

    private static Answer accepted(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isBetween(200, 201);
        return answer;
    }

    private static void refused(Answer answer, String... fields) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        List<String> named = new ArrayList<>();
        for (JsonNode error : answer.json().get("errors")) {
            named.add(error.get("field").asText());
        }
        assertThat(named).as(answer.body()).containsExactly(fields);
        assertThat(answer.body()).contains("is not a user of this ledger in the role");
    }
}
