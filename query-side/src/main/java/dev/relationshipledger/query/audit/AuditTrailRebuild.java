package dev.relationshipledger.query.audit;

import dev.relationshipledger.query.rebuild.RebuildTarget;
import dev.relationshipledger.query.rebuild.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The audit trail's part in a rebuild: the rows the live projection writes ({@link AuditTrailProjection#rowOf}),
 * streamed into the shadow table by one {@code COPY}, each correction linked to its original when the pass ends.
 */
@Component
public class AuditTrailRebuild implements RebuildTarget {

    @Override
    public String projection() {
        return AuditTrailProjection.NAME;
    }

    @Override
    public List<String> tables() {
        return List.of("audit_entry");
    }

    @Override
    public Pass pass(JdbcTemplate through, boolean fromEmpty) {
        AuditTrailTable table = new AuditTrailTable(through, "_next");
        return new Pass() {
            private AuditTrailTable.Copy copy;

            @Override
            public void fold(List<StoredEvent> events) {
                if (copy == null) {
                    copy = table.copy();
                }
                for (StoredEvent e : events) {
                    copy.write(AuditTrailProjection.rowOf(e.event(), e.position(), e.eventId(), e.aggregateType(),
                            e.aggregateId(), e.sequenceNumber(), e.recordedAt(), e.metaData()));
                }
            }

            @Override
            public void flushPart() {
                // the rows are streamed to PostgreSQL as they are written
            }

            @Override
            public void finish() {
                if (copy != null) {
                    copy.end();
                }
            }

            @Override
            public void abandon() {
                if (copy != null) {
                    copy.abandon();
                }
            }
        };
    }
}
