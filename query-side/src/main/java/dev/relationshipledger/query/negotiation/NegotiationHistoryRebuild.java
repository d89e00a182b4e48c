package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.negotiation.NegotiationEvent;
import dev.relationshipledger.query.rebuild.RebuildTarget;
import dev.relationshipledger.query.rebuild.StoredEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The negotiation history's part in a rebuild: negotiations folded by {@link NegotiationFolding} into the shadow
 * tables and held in memory, each written once: at the first flush after it was concluded, when the pass ends, or
 * at a flush when more than {@code ledger.rebuild.max-held-states} are held (then forgotten and read back when
 * their negotiation comes next). A negotiation written for the first time goes in whole by {@code COPY}, one read
 * back is upserted.
 */
@Component
public class NegotiationHistoryRebuild implements RebuildTarget {

    private final int maxHeld;

    public NegotiationHistoryRebuild(@Value("${ledger.rebuild.max-held-states:20000}") int maxHeld) {
        this.maxHeld = maxHeld;
    }

    @Override
    public String projection() {
        return NegotiationHistoryProjection.NAME;
    }

    @Override
    public List<String> tables() {
        return List.of("negotiation", "negotiation_round", "negotiation_correction", "negotiation_approval");
    }

    @Override
    public Pass pass(JdbcTemplate through, boolean fromEmpty) {
        NegotiationFolding folding = NegotiationFolding.over(through, "_next", fromEmpty);
        return new Pass() {
            @Override
            public void fold(List<StoredEvent> events) {
                for (StoredEvent e : events) {
                    if (e.event() instanceof NegotiationEvent event) {
                        folding.apply(event, e.position(), e.recordedAt(),
                                NegotiationHistoryProjection.actor(e.metaData()));
                    }
                }
            }

            @Override
            public void flushPart() {
                folding.saveConcluded();
                if (folding.held() > maxHeld) {
                    folding.save();
                }
            }

            @Override
            public void finish() {
                folding.save();
            }
        };
    }
}
