package dev.relationshipledger.deploy.bench;

import dev.relationshipledger.kernel.json.LedgerJson;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3's replay of all projections waits for each processor's reached position; a replay token, as the query side's
 * token store writes it, also carries the position it replays up to, which must not count as reached.
 */
class ReplayedToTest {

    private final Serializer tokenSerializer = JacksonSerializer.builder().objectMapper(LedgerJson.newMapper()).build();

    private String stored(TrackingToken token) {
        return new String(tokenSerializer.serialize(token, byte[].class).getData(), StandardCharsets.UTF_8);
    }

    @Test
    void aReplayTokenHasReachedItsCurrentPositionNotTheOneItReplaysTo() {
        TrackingToken atReset = GapAwareTrackingToken.newInstance(500, List.of(490L));

        assertThat(LedgerBenchmark.replayedTo(stored(
                ReplayToken.createReplayToken(atReset, GapAwareTrackingToken.newInstance(120, List.of()))))).isEqualTo(120);
        assertThat(LedgerBenchmark.replayedTo(stored(ReplayToken.createReplayToken(atReset)))).isEqualTo(-1);
    }

    @Test
    void aPlainTokenHasReachedItsIndex() {
        assertThat(LedgerBenchmark.replayedTo(stored(GapAwareTrackingToken.newInstance(500, List.of(490L)))))
                .isEqualTo(500);
        assertThat(LedgerBenchmark.replayedTo(null)).isEqualTo(-1);
    }
}
