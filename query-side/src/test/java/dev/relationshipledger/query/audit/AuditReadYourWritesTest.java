package dev.relationshipledger.query.audit;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditReadYourWritesTest {

    @Test
    void aGapAwareTokenCoversWhatItHasPassedExceptItsGaps() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(10, List.of(4L, 7L));
        assertThat(AuditReadYourWrites.covers(token, 10)).isTrue();
        assertThat(AuditReadYourWrites.covers(token, 5)).isTrue();
        assertThat(AuditReadYourWrites.covers(token, 7)).as("not yet seen: a gap").isFalse();
        assertThat(AuditReadYourWrites.covers(token, 11)).isFalse();
    }

    @Test
    void otherTokensByPositionAndNoTokenCoversNothing() {
        assertThat(AuditReadYourWrites.covers(new GlobalSequenceTrackingToken(3), 3)).isTrue();
        assertThat(AuditReadYourWrites.covers(new GlobalSequenceTrackingToken(3), 4)).isFalse();
        assertThat(AuditReadYourWrites.covers(null, 0)).isFalse();
    }

    @Test
    void duringAReplayOnlyWhatWasReplayedIsCovered() {
        var replay = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(100, List.of()),
                GapAwareTrackingToken.newInstance(20, List.of()));
        assertThat(AuditReadYourWrites.covers(replay, 20)).isTrue();
        assertThat(AuditReadYourWrites.covers(replay, 50)).isFalse();
    }
}
