package dev.relationshipledger.command.negotiation;

import dev.relationshipledger.command.access.KnownUsers;
import dev.relationshipledger.command.web.CommandAccepted;
import dev.relationshipledger.command.web.CommandSender;
import dev.relationshipledger.command.web.Creates;
import dev.relationshipledger.command.web.RequestContext;
import dev.relationshipledger.kernel.id.ApprovalId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.ProposalId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.negotiation.ConcludeNegotiation;
import dev.relationshipledger.kernel.negotiation.CorrectProposalTerms;
import dev.relationshipledger.kernel.negotiation.DenyApproval;
import dev.relationshipledger.kernel.negotiation.GrantApproval;
import dev.relationshipledger.kernel.negotiation.MakeProposal;
import dev.relationshipledger.kernel.negotiation.Mandate;
import dev.relationshipledger.kernel.negotiation.NegotiationOutcome;
import dev.relationshipledger.kernel.negotiation.OpenNegotiation;
import dev.relationshipledger.kernel.negotiation.RequestApproval;
import dev.relationshipledger.kernel.negotiation.Side;
import dev.relationshipledger.kernel.negotiation.Terms;
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
 * The write API of negotiations: opening, proposals, approvals, corrections, conclusion.
 *
 * <p>Proposals and approval requests are sub-resources: they answer 201 with their own Location
 * ({@code /negotiations/{id}/proposals/{proposalId}}), which {@link CommandSender#create} cannot build (it appends the
 * aggregate id), so this controller builds it. When the client leaves the sub-resource id out but sends an
 * Idempotency-Key, the id is derived from the user, key and path, so that a retried request answers the same
 * Location as the original.
 */
@RestController
@RequestMapping(path = "/negotiations", produces = "application/json")
@Tag(name = "Negotiations")
public class NegotiationController {

    private final CommandSender commands;
    private final KnownUsers users;

    public NegotiationController(CommandSender commands, KnownUsers users) {
        this.commands = commands;
        this.users = users;
    }

    /** The id may be chosen by the client. */
    public record OpenNegotiationRequest(NegotiationId negotiationId, RelationshipId relationshipId, String subject,
                                         Mandate mandate) {
    }

    /** {@code madeAt} is business time, defaulting to now; {@code approvalId} only for ours outside the mandate. */
    public record MakeProposalRequest(ProposalId proposalId, Side side, Terms terms, ApprovalId approvalId,
                                      Instant madeAt) {
    }

    public record RequestApprovalRequest(ApprovalId approvalId, Terms terms, String justification) {
    }

    public record GrantRequest(String comment) {
    }

    public record DenyRequest(String reason) {
    }

    public record ConcludeRequest(NegotiationOutcome outcome, ProposalId agreedProposalId, String reason) {
    }

    public record CorrectTermsRequest(Terms correctedTerms, String reason, ApprovalId approvalId) {
    }

    @Operation(summary = "Open a negotiation on a relationship, with a subject and a mandate")
    @Creates
    @PostMapping(consumes = "application/json")
    public ResponseEntity<CommandAccepted> open(@RequestBody OpenNegotiationRequest body, RequestContext context) {
        NegotiationId id = body.negotiationId() != null ? body.negotiationId() : new NegotiationId(context.newId());
        if (body.mandate() != null) {
            users.requireEach("mandate.approvers", body.mandate().approvers(), KnownUsers.APPROVERS);
        }
        return commands.create("/negotiations", body,
                new OpenNegotiation(id, body.relationshipId(), body.subject(), body.mandate()), context);
    }

    @Operation(summary = "Record a proposal by either side (ours outside the mandate names a granted approval)")
    @Creates
    @PostMapping(path = "/{negotiationId}/proposals", consumes = "application/json")
    public ResponseEntity<CommandAccepted> propose(@PathVariable NegotiationId negotiationId,
                                                   @RequestBody MakeProposalRequest body, RequestContext context) {
        ProposalId proposalId = body.proposalId() != null ? body.proposalId() : new ProposalId(context.newId());
        return commands.createAt("/negotiations/" + negotiationId + "/proposals/" + proposalId, body,
                new MakeProposal(negotiationId, proposalId, body.side(), body.terms(), body.approvalId(),
                        body.madeAt()), context);
    }

    @Operation(summary = "Correct a proposal's terms; the original stays in the ledger")
    @PostMapping(path = "/{negotiationId}/proposals/{proposalId}/corrections", consumes = "application/json")
    public ResponseEntity<CommandAccepted> correct(@PathVariable NegotiationId negotiationId,
                                                   @PathVariable ProposalId proposalId,
                                                   @RequestBody CorrectTermsRequest body, RequestContext context) {
        return commands.change(body, new CorrectProposalTerms(negotiationId, proposalId, body.correctedTerms(),
                body.reason(), body.approvalId()), context);
    }

    @Operation(summary = "Request approval to propose terms outside the mandate")
    @Creates
    @PostMapping(path = "/{negotiationId}/approvals", consumes = "application/json")
    public ResponseEntity<CommandAccepted> requestApproval(@PathVariable NegotiationId negotiationId,
                                                           @RequestBody RequestApprovalRequest body,
                                                           RequestContext context) {
        ApprovalId approvalId = body.approvalId() != null ? body.approvalId() : new ApprovalId(context.newId());
        return commands.createAt("/negotiations/" + negotiationId + "/approvals/" + approvalId, body,
                new RequestApproval(negotiationId, approvalId, body.terms(), body.justification()), context);
    }

    @Operation(summary = "Grant a requested approval (an approver named in the mandate, not the requester)")
    @PostMapping(path = "/{negotiationId}/approvals/{approvalId}/grant")
    public ResponseEntity<CommandAccepted> grant(@PathVariable NegotiationId negotiationId,
                                                 @PathVariable ApprovalId approvalId,
                                                 @RequestBody(required = false) GrantRequest body,
                                                 RequestContext context) {
        GrantRequest request = body != null ? body : new GrantRequest(null);
        return commands.change(request, new GrantApproval(negotiationId, approvalId, request.comment()), context);
    }

    @Operation(summary = "Deny a requested approval (an approver named in the mandate, not the requester)")
    @PostMapping(path = "/{negotiationId}/approvals/{approvalId}/deny", consumes = "application/json")
    public ResponseEntity<CommandAccepted> deny(@PathVariable NegotiationId negotiationId,
                                                @PathVariable ApprovalId approvalId,
                                                @RequestBody DenyRequest body, RequestContext context) {
        return commands.change(body, new DenyApproval(negotiationId, approvalId, body.reason()), context);
    }

    @Operation(summary = "Conclude the negotiation: AGREED on a proposal, WALKED_AWAY or LOST")
    @PostMapping(path = "/{negotiationId}/conclude", consumes = "application/json")
    public ResponseEntity<CommandAccepted> conclude(@PathVariable NegotiationId negotiationId,
                                                    @RequestBody ConcludeRequest body, RequestContext context) {
        return commands.change(body, new ConcludeNegotiation(negotiationId, body.outcome(), body.agreedProposalId(),
                body.reason()), context);
    }

}
