package dev.relationshipledger.query.audit;

import dev.relationshipledger.kernel.validation.InvalidValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditQueryTest {

    static final String ID = "3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70";

    @Test
    void readsEveryFilter() {
        AuditQuery q = AuditQuery.page(Map.of("relationshipId", ID, "aggregateId", ID, "actor", "rita",
                "type", "ContactLogged", "subject", "contact/" + ID, "recordedFrom", "2026-01-01T00:00:00Z",
                "recordedTo", "2026-02-01T00:00:00Z", "businessFrom", "2025-01-01T00:00:00Z",
                "businessTo", "2025-02-01T00:00:00Z", "sort", "-position"));
        assertThat(q.relationshipId()).isEqualTo(UUID.fromString(ID));
        assertThat(q.aggregateId()).isEqualTo(ID);
        assertThat(q.actor()).isEqualTo("rita");
        assertThat(q.type()).isEqualTo("ContactLogged");
        assertThat(q.recordedFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(q.businessTo()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(q.descending()).isTrue();
        assertThat(q.limit()).isEqualTo(50);
    }

    @Test
    void knowsTheEventTypesOfEveryAggregate() {
        assertThat(AuditQuery.EVENT_TYPES).contains("RelationshipOpened", "ContactSummaryCorrected", "ComplaintFiled",
                "ProposalMade", "ContractSigned");
    }

    @Test
    void refusesWhatItCannotAnswerExactly() {
        assertRefused(Map.of("colour", "red"), "colour");
        assertRefused(Map.of("sort", "position; DROP TABLE read_model.audit_entry"), "sort");
        assertRefused(Map.of("sort", "recorded_at"), "sort");
        assertRefused(Map.of("limit", "1000000"), "limit");
        assertRefused(Map.of("recordedFrom", "yesterday"), "recordedFrom");
        assertRefused(Map.of("recordedFrom", "2026-02-01T00:00:00Z", "recordedTo", "2026-01-01T00:00:00Z"), "recordedTo");
        assertRefused(Map.of("type", "ContactLogged' OR '1'='1"), "type");
        assertRefused(Map.of("relationshipId", "not-a-uuid"), "relationshipId");
        assertRefused(Map.of("actor", "rita smith"), "actor");
        assertRefused(Map.of("subject", "contact/x"), "subject");
        assertRefused(Map.of("subject", "foo/" + ID), "subject");
        assertRefused(Map.of("recordedFrom", "-999999999-01-01T00:00:00Z"), "recordedFrom");
        assertRefused(Map.of("businessTo", "+10000-01-01T00:00:00Z"), "businessTo");
        assertRefused(Map.of("cursor", "garbage!"), "cursor");
    }

    @Test
    void takesTheSubjectsOfEveryKindAndTheEdgesOfTheLedgersTime() {
        for (String kind : java.util.List.of("contact", "complaint", "proposal")) {
            assertThat(AuditQuery.page(Map.of("subject", kind + "/" + ID)).subject()).isEqualTo(kind + "/" + ID);
        }
        AuditQuery edges = AuditQuery.page(Map.of("recordedFrom", "1900-01-01T00:00:00Z",
                "recordedTo", "9999-12-31T23:59:59.999999Z"));
        assertThat(edges.recordedTo()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @Test
    void aCursorContinuesItsOwnSortOrderOnly() {
        AuditQuery ascending = AuditQuery.page(Map.of());
        String cursor = ascending.cursorAfter(17);
        assertThat(AuditQuery.page(Map.of("cursor", cursor)).after()).isEqualTo(17);
        assertRefused(Map.of("cursor", cursor, "sort", "-position"), "cursor");
    }

    @Test
    void historiesAndExportsTakeTheirOwnParameters() {
        assertThatThrownBy(() -> AuditQuery.relationshipHistory(UUID.randomUUID(), Map.of("relationshipId", ID)))
                .isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> AuditQuery.negotiationHistory(ID, Map.of("aggregateId", ID)))
                .isInstanceOf(InvalidValue.class);
        assertThatThrownBy(() -> AuditQuery.export(Map.of("limit", "10"))).isInstanceOf(InvalidValue.class);
        assertThat(AuditQuery.negotiationHistory(ID, Map.of()).aggregateType()).isEqualTo("Negotiation");
        assertThat(AuditQuery.export(Map.of("actor", "carl")).limit()).isZero();
    }

    static void assertRefused(Map<String, String> parameters, String field) {
        assertThatThrownBy(() -> AuditQuery.page(parameters))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).violations().get(0).field()).isEqualTo(field));
    }
}
