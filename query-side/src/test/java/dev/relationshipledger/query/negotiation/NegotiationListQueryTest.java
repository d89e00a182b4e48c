package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.query.web.Cursor;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NegotiationListQueryTest {

    static final String ID = "3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70";

    @Test
    void aCursorOpenedInsideTheLedgersTimeContinues() {
        NegotiationListQuery query = NegotiationListQuery.from(Map.of("cursor",
                new Cursor("-openedAt", "2026-01-31T12:00:00Z", ID).encode()));
        assertThat(query.afterValue()).isEqualTo(Timestamp.from(Instant.parse("2026-01-31T12:00:00Z")));
        assertThat(query.afterId()).isEqualTo(UUID.fromString(ID));
    }

    @Test
    void aCursorOpenedOutsideTheLedgersTimeWasNotHandedOut() {
        // PostgreSQL cannot compare -5000 with a timestamp: a tampered cursor is a 400, not a database error
        for (String openedAt : new String[]{"-5000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> NegotiationListQuery.from(Map.of("cursor",
                    new Cursor("-openedAt", openedAt, ID).encode())))
                    .as(openedAt)
                    .isInstanceOf(InvalidValue.class)
                    .satisfies(e -> assertThat(((InvalidValue) e).violations().get(0).field()).isEqualTo("cursor"));
        }
    }
}
