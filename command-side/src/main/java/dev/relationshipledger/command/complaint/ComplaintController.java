package dev.relationshipledger.command.complaint;

import dev.relationshipledger.command.web.CommandAccepted;
import dev.relationshipledger.command.web.CommandSender;
import dev.relationshipledger.command.web.Creates;
import dev.relationshipledger.command.web.RequestContext;
import dev.relationshipledger.kernel.complaint.AcknowledgeComplaint;
import dev.relationshipledger.kernel.complaint.ComplaintCategory;
import dev.relationshipledger.kernel.complaint.CorrectComplaintDetails;
import dev.relationshipledger.kernel.complaint.EraseComplaintText;
import dev.relationshipledger.kernel.complaint.EscalateComplaint;
import dev.relationshipledger.kernel.complaint.FileComplaint;
import dev.relationshipledger.kernel.complaint.ReopenComplaint;
import dev.relationshipledger.kernel.complaint.ResolveComplaint;
import dev.relationshipledger.kernel.complaint.Satisfaction;
import dev.relationshipledger.kernel.complaint.Severity;
import dev.relationshipledger.kernel.complaint.WithdrawComplaint;
import dev.relationshipledger.kernel.id.ComplaintId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.money.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * The write API of complaints: filing, acknowledging, escalating, resolving, reopening, withdrawing, correcting, and
 * erasing what a closed complaint says.
 */
@RestController
@RequestMapping(path = "/complaints", produces = "application/json")
@Tag(name = "Complaints")
public class ComplaintController {

    private final CommandSender commands;

    public ComplaintController(CommandSender commands) {
        this.commands = commands;
    }

    /** The id may be chosen by the client. */
    public record FileComplaintRequest(ComplaintId complaintId, RelationshipId relationshipId,
                                       ComplaintCategory category, Severity severity, String description,
                                       Instant receivedAt) {
    }

    public record AcknowledgeRequest(String note) {
    }

    public record EscalateRequest(UserName escalatedTo, String reason) {
    }

    public record ResolveRequest(String resolution, Money compensation, Satisfaction satisfaction) {
    }

    public record ReasonRequest(String reason) {
    }

    public record CorrectDetailsRequest(ComplaintCategory category, Severity severity, String description,
                                        String reason) {
    }

    @Operation(summary = "File a complaint against a relationship (receivedAt is business time, may be back-dated)")
    @Creates
    @PostMapping(consumes = "application/json")
    public ResponseEntity<CommandAccepted> file(@RequestBody FileComplaintRequest body, RequestContext context) {
        ComplaintId id = body.complaintId() != null ? body.complaintId() : new ComplaintId(context.newId());
        return commands.create("/complaints", body, new FileComplaint(id, body.relationshipId(), body.category(),
                body.severity(), body.description(), body.receivedAt()), context);
    }

    @Operation(summary = "Acknowledge a filed complaint")
    @PostMapping(path = "/{complaintId}/acknowledge", consumes = "application/json")
    public ResponseEntity<CommandAccepted> acknowledge(@PathVariable ComplaintId complaintId,
                                                       @RequestBody AcknowledgeRequest body, RequestContext context) {
        return commands.change(body, new AcknowledgeComplaint(complaintId, body.note()), context);
    }

    @Operation(summary = "Escalate an acknowledged complaint to someone else")
    @PostMapping(path = "/{complaintId}/escalate", consumes = "application/json")
    public ResponseEntity<CommandAccepted> escalate(@PathVariable ComplaintId complaintId,
                                                    @RequestBody EscalateRequest body, RequestContext context) {
        return commands.change(body, new EscalateComplaint(complaintId, body.escalatedTo(), body.reason()), context);
    }

    @Operation(summary = "Resolve an open complaint (compensation and satisfaction optional)")
    @PostMapping(path = "/{complaintId}/resolve", consumes = "application/json")
    public ResponseEntity<CommandAccepted> resolve(@PathVariable ComplaintId complaintId,
                                                   @RequestBody ResolveRequest body, RequestContext context) {
        return commands.change(body, new ResolveComplaint(complaintId, body.resolution(), body.compensation(),
                body.satisfaction()), context);
    }

    @Operation(summary = "Reopen a resolved complaint")
    @PostMapping(path = "/{complaintId}/reopen", consumes = "application/json")
    public ResponseEntity<CommandAccepted> reopen(@PathVariable ComplaintId complaintId,
                                                  @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new ReopenComplaint(complaintId, body.reason()), context);
    }

    @Operation(summary = "Record that the counterparty withdrew an open complaint")
    @PostMapping(path = "/{complaintId}/withdraw", consumes = "application/json")
    public ResponseEntity<CommandAccepted> withdraw(@PathVariable ComplaintId complaintId,
                                                    @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new WithdrawComplaint(complaintId, body.reason()), context);
    }

    @Operation(summary = "Correct a complaint's category, severity or description; the original stays in the ledger")
    @PostMapping(path = "/{complaintId}/corrections", consumes = "application/json")
    public ResponseEntity<CommandAccepted> correct(@PathVariable ComplaintId complaintId,
                                                   @RequestBody CorrectDetailsRequest body, RequestContext context) {
        return commands.change(body, new CorrectComplaintDetails(complaintId, body.category(), body.severity(),
                body.description(), body.reason()), context);
    }

    @Operation(summary = "Erase what a closed complaint says for good (compliance officers; GDPR Art. 17, decision 0022)",
            description = "Destroys the key the complaint's description, acknowledgement note, resolutions and "
                    + "corrections are sealed with: every replay shows them as erased from then on, while the hash "
                    + "chain still verifies. Only for a resolved or withdrawn complaint; it is not reopened or "
                    + "corrected afterwards. The complaint stays (category, severity, times, status, compensation, "
                    + "satisfaction). The reason names the request and its legal ground.")
    @PostMapping(path = "/{complaintId}/erase", consumes = "application/json")
    public ResponseEntity<CommandAccepted> eraseText(@PathVariable ComplaintId complaintId,
                                                     @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new EraseComplaintText(complaintId, body.reason()), context);
    }
}
