package dev.relationshipledger.query.audit;

import dev.relationshipledger.query.store.ProjectionProgress;
import dev.relationshipledger.query.store.ReadYourWrites;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Read-your-writes for the audit trail: the shared {@link ReadYourWrites} wait, over a progress check that reads
 * the tokens the JDBC event store really hands out.
 *
 * <p>Stop-gap: {@code ProjectionProgress.covers} asks a stored {@link GapAwareTrackingToken} whether it covers a
 * {@code GlobalSequenceTrackingToken}, which Axon refuses (IllegalArgumentException, a 500 for every query with
 * {@code atLeast}). Once store/ProjectionProgress is fixed the same way, this class goes and the controller uses the
 * shared bean.
 */
@Component
class AuditReadYourWrites {

    private final ReadYourWrites wait;

    AuditReadYourWrites(JdbcTemplate jdbc, Serializer serializer,
                        @Value("${ledger.read-your-writes.max-wait:5s}") Duration maxWait) {
        this.wait = new ReadYourWrites(new Progress(jdbc, serializer), maxWait);
    }

    /** Returns when the audit trail holds every event up to {@code atLeast} of the relationship (null: all). */
    void await(Long atLeast, String relationshipId) {
        wait.await(AuditTrailProjection.NAME, atLeast, relationshipId);
    }

    /** Whether a stored token has handled the event at {@code position}: past it, and it is not a gap. */
    static boolean covers(TrackingToken stored, long position) {
        TrackingToken token = WrappedToken.unwrapLowerBound(stored);
        if (token == null) {
            return false;
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return token.position().orElse(-1) >= position;
    }

    private static final class Progress extends ProjectionProgress {

        Progress(JdbcTemplate jdbc, Serializer serializer) {
            super(jdbc, serializer);
        }

        @Override
        public boolean covers(String processor, long position, String relationshipId) {
            List<SegmentToken> tokens = tokens(processor);
            if (tokens.isEmpty()) {
                return false;
            }
            Segment[] segments = Segment.computeSegments(tokens.stream().mapToInt(SegmentToken::segment).toArray());
            for (SegmentToken token : tokens) {
                Segment segment = segmentOf(segments, token.segment());
                boolean relevant = relationshipId == null || segment.matches(relationshipId);
                if (relevant && !AuditReadYourWrites.covers(token.token(), position)) {
                    return false;
                }
            }
            return true;
        }

        private static Segment segmentOf(Segment[] segments, int id) {
            for (Segment segment : segments) {
                if (segment.getSegmentId() == id) {
                    return segment;
                }
            }
            throw new IllegalStateException("segment " + id + " not among " + List.of(segments));
        }
    }
}
