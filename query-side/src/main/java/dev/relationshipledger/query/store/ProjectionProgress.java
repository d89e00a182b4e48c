package dev.relationshipledger.query.store;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.OptionalLong;

/**
 * How far each projection has got, read from its stored tokens (one per segment). Read-your-writes asks whether
 * the segment that handles a relationship (or all segments) has covered a global position yet.
 */
@Component
public class ProjectionProgress {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public ProjectionProgress(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** A segment's stored token (null when it has not processed anything yet). */
    public record SegmentToken(int segment, TrackingToken token) {
    }

    public List<SegmentToken> tokens(String processor) {
        return jdbc.query("SELECT segment, token, token_type FROM read_model.token_entry WHERE processor_name = ?",
                (rs, i) -> new SegmentToken(rs.getInt(1), rs.getBytes(2) == null ? null
                        : serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(2), byte[].class,
                        rs.getString(3), null))), processor);
    }

    /**
     * Whether the projection has handled every event up to {@code position} that concerns the given relationship
     * ({@code null}: every relationship).
     */
    public boolean covers(String processor, long position, String relationshipId) {
        List<SegmentToken> tokens = tokens(processor);
        if (tokens.isEmpty()) {
            return false;
        }
        Segment[] segments = Segment.computeSegments(tokens.stream().mapToInt(SegmentToken::segment).toArray());
        for (SegmentToken token : tokens) {
            Segment segment = segments[indexOf(segments, token.segment())];
            boolean relevant = relationshipId == null || segment.matches(relationshipId);
            if (relevant && !covers(token.token(), position)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a stored token has handled the event at {@code position}: the JDBC engine's gap-aware tokens have passed
     * it and do not still wait for it as a gap; a replay token is judged by the position it has reached.
     */
    static boolean covers(TrackingToken token, long position) {
        if (token == null) {
            return false;
        }
        TrackingToken reached = WrappedToken.unwrapLowerBound(token);
        if (reached instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        if (reached instanceof GlobalSequenceTrackingToken global) {
            return global.getGlobalIndex() >= position;
        }
        return reached != null && reached.position().orElse(-1) >= position;
    }

    /** The lowest position every segment has reached (empty before any processing). */
    public OptionalLong position(String processor) {
        long lowest = Long.MAX_VALUE;
        for (SegmentToken token : tokens(processor)) {
            if (token.token() == null || token.token().position().isEmpty()) {
                return OptionalLong.empty();
            }
            lowest = Math.min(lowest, token.token().position().getAsLong());
        }
        return lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest);
    }

    private static int indexOf(Segment[] segments, int id) {
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].getSegmentId() == id) {
                return i;
            }
        }
        throw new IllegalStateException("segment " + id + " not among " + List.of(segments));
    }

}
