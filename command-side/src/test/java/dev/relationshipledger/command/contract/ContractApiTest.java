package dev.relationshipledger.command.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.contract.ContractSigned;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.negotiation.NegotiationConcluded;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.Terms;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.relationshipledger.testsupport.TestUsers.RALF;
import static dev.relationshipledger.testsupport.TestUsers.RITA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contracts over HTTP on a real PostgreSQL: signing directly and from a negotiation, the life cycle, refusals, and
 * the expiry check. The negotiation's conclusion is published as the Negotiation aggregate would append it (that
 * aggregate lives elsewhere). The two processing groups are made subscribing here as command-side.yml will.
 */
@TestPropertySource(properties = {
        "axon.eventhandling.processors.negotiation-outcomes.mode=subscribing",
        "axon.eventhandling.processors.contract-directory.mode=subscribing",
        // the test runs the expiry check itself, with its own clock
        "ledger.contracts.expiry-initial-delay=P1D"})
class ContractApiTest extends CommandSideTest {

    static final String TERMS = """
            {"price":{"amount":120.50,"currency":"EUR"},"quantity":1000,"durationMonths":12,"paymentTermsDays":30,
             "conditions":["delivery within 10 days"]}""";
    static final String NEW_TERMS = """
            {"price":{"amount":118,"currency":"EUR"},"quantity":1200,"durationMonths":12,"paymentTermsDays":45}""";
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EventBus eventBus;
    @Autowired
    CommandGateway gateway;
    @Autowired
    JdbcContractDirectory directory;
    @Autowired
    TransactionManager transactionManager;

    String openRelationship(String name) {
        Answer answer = http().post(RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"" + name + "\",\"kind\":\"SUPPLIER\"}}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    static String signing(String relationshipId, String terms, String startsOn, String endsOn) {
        return "{\"relationshipId\":\"" + relationshipId + "\",\"title\":\"Steel supply\",\"startsOn\":\"" + startsOn
                + "\",\"endsOn\":\"" + endsOn + "\"" + (terms == null ? "" : ",\"terms\":" + terms) + "}";
    }

    String sign(String relationshipId, String startsOn, String endsOn) {
        Answer answer = http().post(RITA, "/contracts", signing(relationshipId, TERMS, startsOn, endsOn));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.text("aggregateId");
    }

    @Test
    void aContractIsSignedAndAmendedAndKeepsBothTerms() throws Exception {
        String relationship = openRelationship("Contract Steel");
        Answer signed = http().post(RITA, "/contracts", signing(relationship, TERMS, "2026-01-01", "2030-12-31"));
        assertThat(signed.status()).as(signed.body()).isEqualTo(201);
        String contract = signed.text("aggregateId");
        assertThat(signed.raw().headers().firstValue("Location")).hasValue("/contracts/" + contract);
        assertThat(signed.json().get("version").asLong()).isZero();

        Answer amended = http().post(RITA, "/contracts/" + contract + "/amend",
                "{\"terms\":" + NEW_TERMS + ",\"reason\":\"price review\"}");
        assertThat(amended.status()).as(amended.body()).isEqualTo(200);
        assertThat(amended.json().get("version").asLong()).isEqualTo(1);

        List<Stored> events = events(contract);
        assertThat(events).extracting(Stored::type).containsExactly("ContractSigned", "ContractAmended");
        JsonNode amendment = events.get(1).payload();
        assertThat(amendment.get("relationshipId").asText()).isEqualTo(relationship);
        assertThat(amendment.at("/previousTerms/price/amount").decimalValue()).isEqualByComparingTo("120.5");
        assertThat(amendment.at("/newTerms/price/amount").decimalValue()).isEqualByComparingTo("118");
        assertThat(events.get(1).metaData().get(Actor.NAME_KEY).asText()).isEqualTo("rita");
    }

    @Test
    void theLifeCycleRunsToTerminationAndNothingFollows() {
        String contract = sign(openRelationship("Cycle Ltd"), "2026-01-01", "2030-12-31");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(http().post(RITA, "/contracts/" + contract + "/suspend", "{\"reason\":\"invoices unpaid\"}").status()).isEqualTo(200);
        assertThat(http().post(RITA, "/contracts/" + contract + "/reinstate", "{\"reason\":\"paid\"}").status()).isEqualTo(200);
        Answer renewed = http().post(RITA, "/contracts/" + contract + "/renew", "{\"newEndsOn\":\"2031-12-31\"}");
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        Answer terminated = http().post(RITA, "/contracts/" + contract + "/terminate",
                "{\"reason\":\"breach of delivery terms\",\"effectiveOn\":\"" + today + "\"}");
        assertThat(terminated.status()).as(terminated.body()).isEqualTo(200);
        assertThat(terminated.json().get("version").asLong()).isEqualTo(4);

        assertRule(http().post(RITA, "/contracts/" + contract + "/suspend", "{\"reason\":\"again\"}"), 409,
                "rule-violated", Contract.CONTRACT_IN_FORCE);
    }

    @Test
    void refusalsAreProblemsNamingTheRule() {
        String contract = sign(openRelationship("Refusals SA"), "2026-01-01", "2030-12-31");
        assertRule(http().post(RITA, "/contracts/" + contract + "/amend", "{\"terms\":" + TERMS + ",\"reason\":\"same\"}"),
                409, "rule-violated", Contract.AMENDMENT_CHANGES_TERMS);
        assertRule(http().post(RITA, "/contracts/" + contract + "/renew", "{\"newEndsOn\":\"2030-01-01\"}"),
                409, "rule-violated", Contract.RENEWAL_EXTENDS_TERM);
        assertRule(http().post(RALF, "/contracts/" + contract + "/amend", "{\"terms\":" + NEW_TERMS + ",\"reason\":\"mine now\"}"),
                403, "not-permitted", "owner-or-delegate-records");
        assertRule(http().post(RALF, "/contracts", signing(openRelationship("Not Ralfs"), TERMS, "2026-01-01", "2027-01-01")),
                403, "not-permitted", "owner-or-delegate-records");
    }

    @Test
    void unknownContractsRelationshipsAndNegotiationsAre404() {
        assertProblem(http().post(RITA, "/contracts/" + UUID.randomUUID() + "/suspend", "{\"reason\":\"x\"}"), 404, "not-found");
        assertProblem(http().post(RITA, "/contracts", signing(UUID.randomUUID().toString(), TERMS, "2026-01-01", "2027-01-01")),
                404, "not-found");
        String relationship = openRelationship("Unknown Negotiation AG");
        String body = signing(relationship, null, "2026-01-01", "2027-01-01")
                .replaceFirst("\\{", "{\"negotiationId\":\"" + UUID.randomUUID() + "\",");
        assertProblem(http().post(RITA, "/contracts", body), 404, "not-found");
    }

    @Test
    void badDatesAndMissingTermsAre400NamingTheFields() {
        Answer answer = http().post(RITA, "/contracts", signing(openRelationship("Dates BV"), null, "2026-06-01", "2026-06-01"));
        assertProblem(answer, 400, "validation");
        assertThat(answer.body()).contains("\"field\":\"terms\"", "\"field\":\"endsOn\"");
        assertProblem(http().post(RITA, "/contracts", signing(UUID.randomUUID().toString(), TERMS, "2026-13-01", "2027-01-01")),
                400, "validation");
    }

    @Test
    void aContractSignedFromAnAgreedNegotiationCarriesTheAgreedTermsOver() throws Exception {
        String relationship = openRelationship("Negotiated Steel");
        NegotiationId agreed = concluded(relationship, NegotiationOutcome.AGREED);
        String body = signing(relationship, null, "2026-01-01", "2027-12-31")
                .replaceFirst("\\{", "{\"negotiationId\":\"" + agreed + "\",");
        Answer signed = http().post(RITA, "/contracts", body);
        assertThat(signed.status()).as(signed.body()).isEqualTo(201);
        JsonNode payload = events(signed.text("aggregateId")).get(0).payload();
        assertThat(payload.get("negotiationId").asText()).isEqualTo(agreed.toString());
        assertThat(payload.at("/terms/price/amount").decimalValue()).isEqualByComparingTo("99.9");
        assertThat(payload.at("/terms/conditions/0").asText()).isEqualTo("as agreed");

        assertRule(http().post(RITA, "/contracts", body), 409, "rule-violated", Contract.NEGOTIATION_SIGNED_ONCE);

        NegotiationId other = concluded(relationship, NegotiationOutcome.AGREED);
        assertRule(http().post(RITA, "/contracts", signing(relationship, TERMS, "2026-01-01", "2027-12-31")
                .replaceFirst("\\{", "{\"negotiationId\":\"" + other + "\",")), 409, "rule-violated", Contract.TERMS_AS_AGREED);

        NegotiationId lost = concluded(relationship, NegotiationOutcome.LOST);
        assertRule(http().post(RITA, "/contracts", signing(relationship, null, "2026-01-01", "2027-12-31")
                .replaceFirst("\\{", "{\"negotiationId\":\"" + lost + "\",")), 409, "rule-violated", Contract.NEGOTIATION_AGREED);

        NegotiationId elsewhere = concluded(openRelationship("Other Steel"), NegotiationOutcome.AGREED);
        assertRule(http().post(RITA, "/contracts", signing(relationship, null, "2026-01-01", "2027-12-31")
                        .replaceFirst("\\{", "{\"negotiationId\":\"" + elsewhere + "\",")), 409, "rule-violated",
                Contract.NEGOTIATION_OF_THIS_RELATIONSHIP);
    }

    @Test
    void theExpiryCheckExpiresContractsTheDayAfterTheirEndDate() throws Exception {
        String contract = sign(openRelationship("Expired Ltd"), "2020-01-01", "2020-12-31");

        ContractExpiry onTheEndDate = new ContractExpiry(gateway, directory,
                Clock.fixed(Instant.parse("2020-12-31T23:59:59Z"), ZoneOffset.UTC));
        assertThat(onTheEndDate.expireDueContracts()).isZero();
        assertThat(events(contract)).extracting(Stored::type).containsExactly("ContractSigned");

        ContractExpiry theDayAfter = new ContractExpiry(gateway, directory,
                Clock.fixed(Instant.parse("2021-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(theDayAfter.expireDueContracts()).isEqualTo(1);
        List<Stored> events = events(contract);
        assertThat(events).extracting(Stored::type).containsExactly("ContractSigned", "ContractExpired");
        assertThat(events.get(1).payload().get("endedOn").asText()).isEqualTo("2020-12-31");
        assertThat(events.get(1).metaData().get(Actor.NAME_KEY).asText()).isEqualTo("system");
        assertThat(events.get(1).metaData().get(Actor.ROLES_KEY).asText()).isEmpty();
        assertThat(events.get(1).metaData().get("correlationId").asText()).startsWith("contract-expiry-");

        assertThat(theDayAfter.expireDueContracts()).as("an expired contract is not expired again").isZero();
        assertRule(http().post(RITA, "/contracts/" + contract + "/renew", "{\"newEndsOn\":\"2021-12-31\"}"),
                409, "rule-violated", Contract.CONTRACT_IN_FORCE);
    }

    @Test
    void aSecondContractFromOneNegotiationFailsInTheAppendingTransactionEvenWhenItRacedPastTheCheck() throws Exception {
        String relationship = openRelationship("Raced Steel");
        NegotiationId agreed = concluded(relationship, NegotiationOutcome.AGREED);
        String first = http().post(RITA, "/contracts", signing(relationship, null, "2026-01-01", "2027-12-31")
                .replaceFirst("\\{", "{\"negotiationId\":\"" + agreed + "\",")).text("aggregateId");
        assertThat(first).isNotNull();

        // as if a second signing had passed the aggregate's check before the first one committed
        ContractId second = ContractId.generate();
        ContractSigned raced = new ContractSigned(second, RelationshipId.of(relationship), agreed,
                new Terms(Money.of("99.90", "EUR"), new BigDecimal("500"), 24, 60, null, List.of("as agreed")),
                LocalDate.parse("2026-01-01"), LocalDate.parse("2027-12-31"), "Raced");
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        assertThatThrownBy(() -> unitOfWork.execute(() -> eventBus.publish(
                new GenericDomainEventMessage<>("Contract", second.toString(), 0L, raced))))
                .isInstanceOf(RuleViolated.class)
                .satisfies(e -> assertThat(((RuleViolated) e).rule()).isEqualTo(Contract.NEGOTIATION_SIGNED_ONCE));
        assertThat(events(second.toString())).as("rolled back with the failed directory update").isEmpty();
    }

    /** Publishes a negotiation's conclusion as the Negotiation aggregate appends it. */
    NegotiationId concluded(String relationshipId, NegotiationOutcome outcome) {
        NegotiationId id = NegotiationId.generate();
        Terms terms = outcome != NegotiationOutcome.AGREED ? null
                : new Terms(Money.of("99.90", "EUR"), new BigDecimal("500"), 24, 60, null, List.of("as agreed"));
        NegotiationConcluded event = new NegotiationConcluded(id, RelationshipId.of(relationshipId), outcome,
                terms == null ? null : ProposalId.generate(), terms, null);
        eventBus.publish(new GenericDomainEventMessage<>("Negotiation", id.toString(), 0L, event,
                MetaData.with(Actor.NAME_KEY, "rita").and(Actor.ROLES_KEY, "RELATIONSHIP_MANAGER")));
        return id;
    }

    record Stored(String type, JsonNode payload, JsonNode metaData) {
    }

    static List<Stored> events(String aggregateId) throws Exception {
        String database = DATABASE_URL.substring(DATABASE_URL.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.superuserConnection(database);
             PreparedStatement s = c.prepareStatement("SELECT payload_type, payload, meta_data FROM event_store.domain_event_entry "
                     + "WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            s.setString(1, aggregateId);
            List<Stored> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    events.add(new Stored(type.substring(type.lastIndexOf('.') + 1), JSON.readTree(rs.getBytes(2)),
                            JSON.readTree(rs.getBytes(3))));
                }
            }
            return events;
        }
    }

    private static void assertRule(Answer answer, int status, String type, String rule) {
        assertProblem(answer, status, type);
        assertThat(answer.text("rule")).isEqualTo(rule);
    }

    private static void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("urn:relationship-ledger:problem:" + type);
    }
}
