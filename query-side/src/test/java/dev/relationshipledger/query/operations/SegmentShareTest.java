package dev.relationshipledger.query.operations;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** How many segments a query node may hold, given the live nodes it counts. */
class SegmentShareTest {

    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);

    @Test
    void eachNodeMayHoldItsFairShareRoundedUp() throws Exception {
        SegmentShare share = share(true, 5, 2);
        assertThat(share.getMaxSegments("relationship-status")).isEqualTo(3);
        share = share(true, 2, 2);
        assertThat(share.getMaxSegments("relationship-status")).isEqualTo(1);
        share = share(true, 2, 3);
        assertThat(share.getMaxSegments("relationship-status")).isEqualTo(1);
        share = share(true, 2, 1);
        assertThat(share.getMaxSegments("relationship-status")).isEqualTo(2);
    }

    @Test
    void whenItCannotCountItNeverLimits() throws Exception {
        assertThat(share(true, 2, 0).getMaxSegments("relationship-status")).isEqualTo(Short.MAX_VALUE);
        assertThat(share(true, 2, 2).getMaxSegments("unknown-processor")).isEqualTo(Short.MAX_VALUE);
        assertThat(share(false, 2, 2).getMaxSegments("relationship-status")).isEqualTo(Short.MAX_VALUE);
        SegmentShare failing = new SegmentShare(jdbc, true, Duration.ofSeconds(10), Duration.ofSeconds(2));
        when(jdbc.queryForObject(anyString(), eq(Integer.class), any(), any())).thenThrow(new IllegalStateException("down"));
        failing.refresh();
        assertThat(failing.getMaxSegments("relationship-status")).isEqualTo(Short.MAX_VALUE);
    }

    private SegmentShare share(boolean enabled, int segments, int nodes) throws Exception {
        ResultSet row = mock(ResultSet.class);
        when(row.getString(1)).thenReturn("relationship-status");
        when(row.getInt(2)).thenReturn(segments);
        doAnswer(invocation -> {
            ((RowCallbackHandler) invocation.getArgument(1)).processRow(row);
            return null;
        }).when(jdbc).query(anyString(), any(RowCallbackHandler.class));
        when(jdbc.queryForObject(anyString(), eq(Integer.class), any(), any())).thenReturn(nodes);
        SegmentShare share = new SegmentShare(jdbc, enabled, Duration.ofSeconds(10), Duration.ofSeconds(2));
        share.refresh();
        return share;
    }
}
