package dev.relationshipledger.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.kernel.validation.LedgerTime;
import dev.relationshipledger.kernel.contract.SignContract;
import dev.relationshipledger.kernel.contract.TerminateContract;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.validation.StorableText;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesValidateThemselvesTest {

    static final RelationshipId ID = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");

    @Test
    void aCommandReportsEveryBrokenFieldAtOnce() {
        assertThatThrownBy(() -> new LogContact(null, null, null, null, "  ", null, null, null))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).violations())
                        .extracting(InvalidValue.Violation::field)
                        .containsExactly("relationshipId", "contactId", "channel", "summary", "occurredAt"));
    }

    @Test
    void boundsOnTextAndListsHold() {
        List<String> tooMany = Collections.nCopies(LogContact.MAX_PARTICIPANTS + 1, "someone");
        assertThatThrownBy(() -> new LogContact(ID, ContactId.generate(), ContactChannel.CALL, tooMany, "x",
                Sentiment.NEUTRAL, List.of(), Instant.EPOCH))
                .hasMessageContaining("participants: must hold at most 50 entries");
        assertThatThrownBy(() -> new Counterparty("x".repeat(201), CounterpartyKind.CUSTOMER, null))
                .hasMessageContaining("name: must be at most 200 characters");
        assertThatThrownBy(() -> new LogContact(ID, ContactId.generate(), ContactChannel.CALL, List.of(" "), "x",
                Sentiment.NEUTRAL, List.of(), Instant.EPOCH))
                .hasMessageContaining("participants[0]");
    }

    /**
     * What text PostgreSQL cannot store, or a reader cannot see, is refused where requests enter (the command side's
     * request bodies, StorableText): the messages themselves keep their old rules, so events stored before still
     * read back.
     */
    @Test
    void unstorableTextIsFoundButStoredEventsHoldingItStillRead() throws Exception {
        assertThat(StorableText.problem("Acme\u0000Steel")).isEqualTo("must not contain the character U+0000");
        assertThat(StorableText.problem("seg\udc00")).isEqualTo("must not contain an unpaired surrogate (U+DC00)");
        assertThat(StorableText.problem("Acme\ud83d")).contains("U+D83D");
        assertThat(StorableText.problem("\ud83d\ude00 Smiles \u200d GmbH \u200f")).isNull();
        for (String invisible : List.of("\u00a0", "\u2003\u200b", "\ufeff ")) {
            assertThat(StorableText.invisible(invisible)).as(invisible).isTrue();
        }
        assertThat(StorableText.invisible(" \t")).as("isBlank's own, left to the messages").isFalse();
        assertThat(StorableText.invisible("a\u00a0b")).isFalse();

        ObjectMapper json = LedgerJson.newMapper();
        Counterparty stored = json.readValue("{\"name\":\"\\u00a0\",\"kind\":\"CUSTOMER\",\"segment\":\"x\\u0000\"}",
                Counterparty.class);
        assertThat(stored.name()).isEqualTo("\u00a0");
        assertThat(stored.segment()).isEqualTo("x\u0000");
    }

    @Test
    void aNullInsideAListIsNamedNotAFault() {
        assertThatThrownBy(() -> new LogContact(ID, ContactId.generate(), ContactChannel.CALL, Arrays.asList("ann", null),
                "x", Sentiment.NEUTRAL, Collections.singletonList(null), Instant.EPOCH))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).violations()).extracting(InvalidValue.Violation::field)
                        .containsExactly("participants[1]", "followUps[0]"));
        assertThatThrownBy(() -> new Mandate(null, null, null, null, null, Arrays.asList(UserName.of("maria"), null)))
                .isInstanceOf(InvalidValue.class)
                .hasMessageContaining("approvers[1]: is required");
    }

    @Test
    void businessTimesOutsideTheLedgersSpanAreRefused() {
        Instant ancient = Instant.parse("-5000-01-01T00:00:00Z");
        assertThatThrownBy(() -> new LogContact(ID, ContactId.generate(), ContactChannel.CALL, null, "x", null, null,
                ancient)).hasMessageContaining("occurredAt: must be " + LedgerTime.SPAN);
        assertThatThrownBy(() -> new LogContact(ID, ContactId.generate(), ContactChannel.CALL, null, "x", null, null,
                Instant.parse("1899-12-31T23:59:59.999999999Z"))).hasMessageContaining("occurredAt");
        assertThat(new LogContact(ID, ContactId.generate(), ContactChannel.CALL, null, "x", null, null,
                LedgerTime.EARLIEST).occurredAt()).isEqualTo(LedgerTime.EARLIEST);
        assertThatThrownBy(() -> new TerminateContract(ContractId.generate(), "why", LocalDate.of(10000, 1, 1)))
                .hasMessageContaining("effectiveOn: must be " + LedgerTime.SPAN);
        assertThatThrownBy(() -> new SignContract(ContractId.generate(), ID, null, null, LocalDate.of(-5000, 1, 1),
                LocalDate.of(-4000, 1, 1), "ancient"))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).violations()).extracting(InvalidValue.Violation::field)
                        .contains("startsOn", "endsOn"));
        assertThat(LedgerTime.contains(LedgerTime.LATEST)).isTrue();
        assertThat(LedgerTime.contains(LedgerTime.LATEST.plusNanos(1000))).isFalse();
    }

    @Test
    void defaultsAndTrimmingAreAppliedOnce() {
        LogContact command = new LogContact(ID, ContactId.generate(), ContactChannel.CALL, null, "  call  ", null,
                null, Instant.EPOCH);
        assertThat(command.summary()).isEqualTo("call");
        assertThat(command.sentiment()).isEqualTo(Sentiment.NEUTRAL);
        assertThat(command.participants()).isEmpty();
    }

    @Test
    void idsAndNamesRefuseMalformedText() {
        assertThatThrownBy(() -> RelationshipId.of("not-a-uuid")).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> RelationshipId.of("3f2c1c9e5b7a4a529a610c2f4e8b1d70")).isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> UserName.of("rita; DROP TABLE")).isInstanceOf(InvalidValue.class);
        assertThat(UserName.of("rita.m@example").value()).isEqualTo("rita.m@example");
    }

    @Test
    void eventsRoundTripThroughTheirJsonFormWithIdsAsPlainStrings() throws Exception {
        ObjectMapper json = LedgerJson.newMapper();
        ContactLogged event = new ContactLogged(ID, ContactId.of("0d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a"),
                ContactChannel.MEETING, List.of("Jane Doe"), "Quarterly review", Sentiment.POSITIVE, List.of(),
                Instant.parse("2026-11-20T10:00:00Z"));
        String text = json.writeValueAsString(event);
        assertThat(text).contains("\"relationshipId\":\"3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70\"",
                "\"occurredAt\":\"2026-11-20T10:00:00Z\"");
        assertThat(json.readValue(text, ContactLogged.class)).isEqualTo(event);
    }
}
