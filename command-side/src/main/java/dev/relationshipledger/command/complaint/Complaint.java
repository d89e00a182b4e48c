package dev.relationshipledger.command.complaint;

import dev.relationshipledger.command.access.WriteAccess;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.actor.Role;
import dev.relationshipledger.kernel.complaint.AcknowledgeComplaint;
import dev.relationshipledger.kernel.complaint.ComplaintAcknowledged;
import dev.relationshipledger.kernel.complaint.ComplaintCategory;
import dev.relationshipledger.kernel.complaint.ComplaintDetailsCorrected;
import dev.relationshipledger.kernel.complaint.ComplaintEscalated;
import dev.relationshipledger.kernel.complaint.ComplaintFiled;
import dev.relationshipledger.kernel.complaint.ComplaintReopened;
import dev.relationshipledger.kernel.complaint.ComplaintResolved;
import dev.relationshipledger.kernel.complaint.ComplaintStatus;
import dev.relationshipledger.kernel.complaint.ComplaintTextErased;
import dev.relationshipledger.kernel.complaint.ComplaintWithdrawn;
import dev.relationshipledger.kernel.complaint.CorrectComplaintDetails;
import dev.relationshipledger.kernel.complaint.EraseComplaintText;
import dev.relationshipledger.kernel.complaint.EscalateComplaint;
import dev.relationshipledger.kernel.complaint.FileComplaint;
import dev.relationshipledger.kernel.complaint.ReopenComplaint;
import dev.relationshipledger.kernel.complaint.ResolveComplaint;
import dev.relationshipledger.kernel.complaint.Severity;
import dev.relationshipledger.kernel.complaint.WithdrawComplaint;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.personaldata.PersonalDataModule;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;

import static dev.relationshipledger.command.rules.Rules.permit;
import static dev.relationshipledger.command.rules.Rules.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One complaint a counterparty made, filed against an existing relationship. Its life (see {@link ComplaintStatus}):
 *
 * <pre>
 * FILED → ACKNOWLEDGED → (ESCALATED)* → RESOLVED → REOPENED → (ESCALATED)* → RESOLVED → ...
 * FILED, ACKNOWLEDGED, ESCALATED, REOPENED → WITHDRAWN (terminal)
 * </pre>
 *
 * <ul>
 *   <li>Acknowledged once, from FILED only; a reopened complaint was acknowledged before and is not again.</li>
 *   <li>Escalated and resolved only once acknowledged and while open; escalated again only to someone new.</li>
 *   <li>Reopened only when resolved; withdrawn only while open; nothing at all after withdrawal.</li>
 *   <li>Details are corrected by a correction event (never edited), in any status but WITHDRAWN.</li>
 *   <li>What it says (description, acknowledgement note, resolutions) is erased by a compliance officer once it is
 *   resolved or withdrawn (decision 0022); after that it is neither corrected nor reopened: no text is recorded on it
 *   again, as its key is gone.</li>
 * </ul>
 *
 * Complaints may be filed and handled on a <em>closed</em> relationship: a former customer can still complain, and
 * the complaint must still be handled. Every command needs the actor to be a recorder on the relationship (owner,
 * delegate or manager), checked each time, since owners and delegates change.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver", cache = "complaintCache")
public class Complaint {

    /** How far business time may run ahead of our clock: device clocks drift, the future does not happen. */
    static final Duration CLOCK_SKEW_ALLOWED = Duration.ofMinutes(5);

    @AggregateIdentifier
    private ComplaintId id;
    private RelationshipId relationshipId;
    private ComplaintStatus status;
    private ComplaintCategory category;
    private Severity severity;
    private String description;
    /** Who the complaint was last escalated to, while it is ESCALATED; null otherwise. */
    private UserName escalatedTo;
    private boolean textErased;

    protected Complaint() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    public Complaint(FileComplaint command, Actor actor, WriteAccess access, Clock clock) {
        access.requireRecorder(actor, command.relationshipId());
        require(!command.receivedAt().isAfter(clock.instant().plus(CLOCK_SKEW_ALLOWED)),
                "complaint-not-received-in-future", "receivedAt lies in the future; a complaint is filed after it arrived");
        apply(new ComplaintFiled(command.complaintId(), command.relationshipId(), command.category(),
                command.severity(), command.description(), command.receivedAt()));
    }

    @CommandHandler
    void handle(AcknowledgeComplaint command, Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        notWithdrawn();
        require(status == ComplaintStatus.FILED, "complaint-acknowledged-once",
                "the complaint was already acknowledged");
        apply(new ComplaintAcknowledged(id, relationshipId, command.note()));
    }

    @CommandHandler
    void handle(EscalateComplaint command, Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        openAndAcknowledged();
        require(!actor.is(command.escalatedTo()), "escalates-to-someone-else",
                "a complaint is escalated to someone other than the one escalating it");
        require(!command.escalatedTo().equals(escalatedTo), "escalates-to-someone-new",
                "the complaint is already escalated to " + escalatedTo);
        apply(new ComplaintEscalated(id, relationshipId, command.escalatedTo(), command.reason()));
    }

    @CommandHandler
    void handle(ResolveComplaint command, Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        openAndAcknowledged();
        apply(new ComplaintResolved(id, relationshipId, command.resolution(), command.compensation(),
                command.satisfaction()));
    }

    @CommandHandler
    void handle(ReopenComplaint command, Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        notWithdrawn();
        require(status == ComplaintStatus.RESOLVED, "reopens-a-resolved-complaint",
                "the complaint is not resolved; only a resolved complaint is reopened");
        require(!textErased, "erased-complaint-stays-closed",
                "what the complaint says was erased; file a new complaint instead of reopening it");
        apply(new ComplaintReopened(id, relationshipId, command.reason()));
    }

    @CommandHandler
    void handle(WithdrawComplaint command, Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        notWithdrawn();
        require(status.isOpen(), "withdraws-an-open-complaint",
                "the complaint is resolved; a resolved complaint is not withdrawn");
        apply(new ComplaintWithdrawn(id, relationshipId, command.reason()));
    }

    @CommandHandler
    void handle(CorrectComplaintDetails command, Actor actor, WriteAccess access) {
        access.requireRecorder(actor, relationshipId);
        notWithdrawn();
        require(!textErased, "erased-complaint-stays-erased",
                "what the complaint says was erased; it is not corrected afterwards");
        ComplaintCategory newCategory = command.category() != null ? command.category() : category;
        Severity newSeverity = command.severity() != null ? command.severity() : severity;
        String newDescription = command.description() != null ? command.description() : description;
        require(newCategory != category || newSeverity != severity || !newDescription.equals(description),
                "correction-changes-details", "the corrected details are the same as the current ones");
        apply(new ComplaintDetailsCorrected(id, relationshipId, newCategory, newSeverity, newDescription,
                command.reason()));
    }

    /**
     * The data-protection function's decision, as for a contact's text (decision 0022): no recorder's rights needed.
     * Only once the complaint is closed, since an open one still needs its description to be handled; the complaint
     * stays (category, severity, times, compensation, satisfaction), only what it says becomes unreadable.
     */
    @CommandHandler
    void handle(EraseComplaintText command, Actor actor) {
        permit(actor.has(Role.COMPLIANCE_OFFICER), "compliance-erases",
                "only a compliance officer erases what a complaint says");
        require(status == ComplaintStatus.RESOLVED || status == ComplaintStatus.WITHDRAWN, "erases-a-closed-complaint",
                "the complaint is " + status + "; resolve it or record its withdrawal before erasing what it says");
        require(!textErased, "erased-once", "what complaint " + id + " says is already erased");
        apply(new ComplaintTextErased(id, relationshipId, command.reason()));
    }

    private void notWithdrawn() {
        require(status != ComplaintStatus.WITHDRAWN, "complaint-not-withdrawn",
                "the complaint was withdrawn; nothing more is recorded on it");
    }

    private void openAndAcknowledged() {
        notWithdrawn();
        require(status != ComplaintStatus.RESOLVED, "complaint-open",
                "the complaint is resolved; reopen it first");
        require(status != ComplaintStatus.FILED, "complaint-acknowledged-first",
                "the complaint has not been acknowledged yet; acknowledge it first");
    }

    @EventSourcingHandler
    void on(ComplaintFiled event) {
        id = event.complaintId();
        relationshipId = event.relationshipId();
        status = ComplaintStatus.FILED;
        category = event.category();
        severity = event.severity();
        description = event.description();
    }

    @EventSourcingHandler
    void on(ComplaintAcknowledged event) {
        status = ComplaintStatus.ACKNOWLEDGED;
    }

    @EventSourcingHandler
    void on(ComplaintEscalated event) {
        status = ComplaintStatus.ESCALATED;
        escalatedTo = event.escalatedTo();
    }

    @EventSourcingHandler
    void on(ComplaintResolved event) {
        status = ComplaintStatus.RESOLVED;
        escalatedTo = null;
    }

    @EventSourcingHandler
    void on(ComplaintReopened event) {
        status = ComplaintStatus.REOPENED;
    }

    @EventSourcingHandler
    void on(ComplaintWithdrawn event) {
        status = ComplaintStatus.WITHDRAWN;
        escalatedTo = null;
    }

    @EventSourcingHandler
    void on(ComplaintDetailsCorrected event) {
        category = event.category();
        severity = event.severity();
        description = event.description();
    }

    @EventSourcingHandler
    void on(ComplaintTextErased event) {
        textErased = true;
        description = PersonalDataModule.ERASED; // not kept in a cached aggregate after its key is gone
    }
}
