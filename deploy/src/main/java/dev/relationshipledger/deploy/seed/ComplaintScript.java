package dev.relationshipledger.deploy.seed;

import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintCategory;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintEscalated;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintReopened;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.ComplaintWithdrawn;
import dev.relationshipledger.kernel.complaint.Satisfaction;
import dev.relationshipledger.kernel.complaint.Severity;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.money.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.relationshipledger.deploy.seed.RelationshipHistory.MARIA;
import static dev.relationshipledger.deploy.seed.RelationshipHistory.RELATIONSHIP_MANAGER;
import static dev.relationshipledger.deploy.seed.Vocabulary.pick;

/**
 * One complaint's life as the Complaint aggregate allows it: filed, acknowledged (or withdrawn early), perhaps
 * escalated to the manager, resolved or withdrawn or still open; a resolved one is sometimes reopened and resolved
 * again; now and then its details are corrected while it is not withdrawn.
 */
final class ComplaintScript {

    private final RelationshipHistory history;
    private final SplittableRandom random;
    private final ComplaintId id;
    private ComplaintCategory category;
    private Severity severity;
    private String description;

    ComplaintScript(RelationshipHistory history, int n) {
        this.history = history;
        this.random = history.random;
        this.id = new ComplaintId(history.uuid("complaint", n));
    }

    List<Step> plan() {
        List<Step> steps = new ArrayList<>();
        category = pick(random, ComplaintCategory.class);
        severity = pick(random, Severity.class);
        description = pick(random, Vocabulary.COMPLAINTS);
        ComplaintCategory filedCategory = category;
        Severity filedSeverity = severity;
        String filedDescription = description;
        steps.add(Step.of(() -> record(new ComplaintFiled(id, history.id, filedCategory, filedSeverity,
                filedDescription, history.timeline().backdated(history.timeline().now().minusSeconds(3 * 86_400))))));
        if (random.nextInt(12) == 0) {
            Severity corrected = severity == Severity.LOW ? Severity.MEDIUM : Severity.values()[severity.ordinal() - 1];
            severity = corrected;
            ComplaintCategory c = category;
            String d = description;
            steps.add(Step.of(() -> record(new ComplaintDetailsCorrected(id, history.id, c, corrected, d,
                    "severity overstated at filing"))));
        }
        int roll = random.nextInt(20);
        if (roll == 0) {
            steps.add(Step.of(() -> record(new ComplaintWithdrawn(id, history.id, "filed by mistake"))));
            return steps;
        }
        if (roll == 1) {
            return steps; // still waiting to be acknowledged
        }
        steps.add(Step.of(() -> record(new ComplaintAcknowledged(id, history.id, "looking into it"))));
        boolean reopened = false;
        while (true) {
            if (random.nextInt(4) == 0) {
                steps.add(Step.of(() -> record(new ComplaintEscalated(id, history.id, MARIA,
                        "customer threatens to leave"))));
            }
            int outcome = random.nextInt(10);
            if (outcome < 7) {
                Money compensation = random.nextInt(3) == 0
                        ? new Money(BigDecimal.valueOf(50L + random.nextInt(950)), "EUR") : null;
                Satisfaction satisfaction = random.nextInt(5) == 0 ? null : pick(random, Satisfaction.class);
                steps.add(Step.of(() -> record(new ComplaintResolved(id, history.id, "credit note issued and process fixed",
                        compensation, satisfaction))));
                if (!reopened && random.nextInt(7) == 0) {
                    reopened = true;
                    steps.add(Step.of(() -> record(new ComplaintReopened(id, history.id, "the fix did not hold"))));
                    continue;
                }
            } else if (outcome == 7) {
                steps.add(Step.of(() -> record(new ComplaintWithdrawn(id, history.id, "customer found the cause on their side"))));
            }
            return steps; // resolved, withdrawn, or still open
        }
    }

    private void record(LedgerEvent event) {
        history.emit("Complaint", id.toString(), event, history.recorder().value(), RELATIONSHIP_MANAGER);
    }
}
