package dev.relationshipledger.command.contract;

import dev.relationshipledger.command.web.CommandAccepted;
import dev.relationshipledger.command.web.CommandSender;
import dev.relationshipledger.command.web.Creates;
import dev.relationshipledger.command.web.RequestContext;
import dev.relationshipledger.kernel.contract.AmendContract;
import dev.relationshipledger.kernel.contract.ReinstateContract;
import dev.relationshipledger.kernel.contract.RenewContract;
import dev.relationshipledger.kernel.contract.SignContract;
import dev.relationshipledger.kernel.contract.SuspendContract;
import dev.relationshipledger.kernel.contract.TerminateContract;
import dev.relationshipledger.kernel.id.ContractId;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.negotiation.Terms;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;

/** The write API of contracts: signing, amending, renewing, suspending, reinstating, terminating. */
@RestController
@RequestMapping(path = "/contracts", produces = "application/json")
@Tag(name = "Contracts")
public class ContractController {

    private final CommandSender commands;

    public ContractController(CommandSender commands) {
        this.commands = commands;
    }

    /** The id may be chosen by the client. With a negotiationId, terms may be left out (the agreed ones apply). */
    public record SignContractRequest(ContractId contractId, RelationshipId relationshipId, NegotiationId negotiationId,
                                      Terms terms, LocalDate startsOn, LocalDate endsOn, String title) {
    }

    public record AmendRequest(Terms terms, String reason) {
    }

    public record RenewRequest(LocalDate newEndsOn, Terms terms) {
    }

    public record ReasonRequest(String reason) {
    }

    public record TerminateRequest(String reason, LocalDate effectiveOn) {
    }

    @Operation(summary = "Sign a contract, directly or from a negotiation concluded as AGREED (its terms carry over)")
    @Creates
    @PostMapping(consumes = "application/json")
    public ResponseEntity<CommandAccepted> sign(@RequestBody SignContractRequest body, RequestContext context) {
        ContractId id = body.contractId() != null ? body.contractId() : ContractId.generate();
        return commands.create("/contracts", body, new SignContract(id, body.relationshipId(), body.negotiationId(),
                body.terms(), body.startsOn(), body.endsOn(), body.title()), context);
    }

    @Operation(summary = "Amend the contract's terms (the event keeps the old and the new terms)")
    @PostMapping(path = "/{contractId}/amend", consumes = "application/json")
    public ResponseEntity<CommandAccepted> amend(@PathVariable ContractId contractId, @RequestBody AmendRequest body,
                                                 RequestContext context) {
        return commands.change(body, new AmendContract(contractId, body.terms(), body.reason()), context);
    }

    @Operation(summary = "Renew the contract to a later end date, optionally on new terms")
    @PostMapping(path = "/{contractId}/renew", consumes = "application/json")
    public ResponseEntity<CommandAccepted> renew(@PathVariable ContractId contractId, @RequestBody RenewRequest body,
                                                 RequestContext context) {
        return commands.change(body, new RenewContract(contractId, body.newEndsOn(), body.terms()), context);
    }

    @Operation(summary = "Suspend an active contract")
    @PostMapping(path = "/{contractId}/suspend", consumes = "application/json")
    public ResponseEntity<CommandAccepted> suspend(@PathVariable ContractId contractId, @RequestBody ReasonRequest body,
                                                   RequestContext context) {
        return commands.change(body, new SuspendContract(contractId, body.reason()), context);
    }

    @Operation(summary = "Reinstate a suspended contract")
    @PostMapping(path = "/{contractId}/reinstate", consumes = "application/json")
    public ResponseEntity<CommandAccepted> reinstate(@PathVariable ContractId contractId, @RequestBody ReasonRequest body,
                                                     RequestContext context) {
        return commands.change(body, new ReinstateContract(contractId, body.reason()), context);
    }

    @Operation(summary = "Terminate the contract (effectiveOn is business time: may be back-dated, not in the future)")
    @PostMapping(path = "/{contractId}/terminate", consumes = "application/json")
    public ResponseEntity<CommandAccepted> terminate(@PathVariable ContractId contractId,
                                                     @RequestBody TerminateRequest body, RequestContext context) {
        return commands.change(body, new TerminateContract(contractId, body.reason(), body.effectiveOn()), context);
    }
}
