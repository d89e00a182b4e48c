package dev.relationshipledger.kernel.complaint;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.kernel.money.Money;
import dev.relationshipledger.kernel.validation.InvalidValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComplaintMessagesTest {

    static final RelationshipId RELATIONSHIP = RelationshipId.of("3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70");
    static final ComplaintId ID = ComplaintId.of("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    @Test
    void filingReportsEveryMissingFieldAtOnce() {
        assertThatThrownBy(() -> new FileComplaint(null, null, null, null, " ", null))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).violations())
                        .extracting(InvalidValue.Violation::field)
                        .containsExactly("complaintId", "relationshipId", "category", "severity", "description",
                                "receivedAt"));
    }

    @Test
    void textsAreTrimmedAndAnEmptyNoteIsNoNote() {
        assertThat(new FileComplaint(ID, RELATIONSHIP, ComplaintCategory.BILLING, Severity.LOW, "  wrong invoice ",
                Instant.EPOCH).description()).isEqualTo("wrong invoice");
        assertThat(new AcknowledgeComplaint(ID, "   ").note()).isNull();
        assertThatThrownBy(() -> new ResolveComplaint(ID, "x".repeat(4001), null, null))
                .hasMessageContaining("resolution: must be at most 4000 characters");
    }

    @Test
    void eventsRoundTripThroughTheirJsonForm() throws Exception {
        ObjectMapper json = LedgerJson.newMapper();
        ComplaintResolved resolved = new ComplaintResolved(ID, RELATIONSHIP, "credit note issued",
                Money.of("250.00", "EUR"), Satisfaction.SATISFIED);
        String text = json.writeValueAsString(resolved);
        assertThat(text).contains("\"complaintId\":\"7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"",
                "\"relationshipId\":\"3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70\"", "\"satisfaction\":\"SATISFIED\"");
        assertThat(json.readValue(text, ComplaintResolved.class)).isEqualTo(resolved);

        ComplaintDetailsCorrected corrected = new ComplaintDetailsCorrected(ID, RELATIONSHIP,
                ComplaintCategory.PRODUCT_QUALITY, Severity.CRITICAL, "parts damaged", "packaging, not carrier");
        assertThat(json.readValue(json.writeValueAsString(corrected), ComplaintDetailsCorrected.class)).isEqualTo(corrected);
    }

    @Test
    void onlyOpenStatusesAreOpen() {
        assertThat(ComplaintStatus.REOPENED.isOpen()).isTrue();
        assertThat(ComplaintStatus.RESOLVED.isOpen()).isFalse();
        assertThat(ComplaintStatus.WITHDRAWN.isOpen()).isFalse();
    }
}
