package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.access.KnownUsers;
import dev.relationshipledger.command.web.CommandAccepted;
import dev.relationshipledger.command.web.CommandSender;
import dev.relationshipledger.command.web.Creates;
import dev.relationshipledger.command.web.RequestContext;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.AddCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.ChangeTier;
import dev.relationshipledger.kernel.relationship.CloseRelationship;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.CorrectContactSummary;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyPerson;
import dev.relationshipledger.kernel.relationship.DelegateAccess;
import dev.relationshipledger.kernel.relationship.EraseContactText;
import dev.relationshipledger.kernel.relationship.EraseCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.OpenRelationship;
import dev.relationshipledger.kernel.relationship.ReassignOwner;
import dev.relationshipledger.kernel.relationship.RemoveCounterpartyPerson;
import dev.relationshipledger.kernel.relationship.ReopenRelationship;
import dev.relationshipledger.kernel.relationship.RevokeDelegation;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The write API of relationships: opening, contacts, people, ownership, tier, delegation, closing. */
@RestController
@RequestMapping(path = "/relationships", produces = "application/json")
@Tag(name = "Relationships")
public class RelationshipController {

    private final CommandSender commands;
    private final KnownUsers users;

    public RelationshipController(CommandSender commands, KnownUsers users) {
        this.commands = commands;
        this.users = users;
    }

    /** The id may be chosen by the client; the owner defaults to the caller. */
    public record OpenRelationshipRequest(RelationshipId relationshipId, Counterparty counterparty, UserName owner,
                                          Tier tier) {
    }

    public record LogContactRequest(ContactId contactId, ContactChannel channel, List<String> participants,
                                    String summary, Sentiment sentiment, List<String> followUps, Instant occurredAt) {
    }

    public record CorrectSummaryRequest(String correctedSummary, String reason) {
    }

    public record AddPersonRequest(PersonId personId, String name, String position, String email) {
    }

    public record ReasonRequest(String reason) {
    }

    public record ReassignOwnerRequest(UserName newOwner, String reason) {
    }

    public record ChangeTierRequest(Tier tier, String reason) {
    }

    public record DelegateRequest(UserName delegate) {
    }

    @Operation(summary = "Open a relationship with a counterparty")
    @Creates
    @PostMapping(consumes = "application/json")
    public ResponseEntity<CommandAccepted> open(@RequestBody OpenRelationshipRequest body, RequestContext context) {
        RelationshipId id = body.relationshipId() != null ? body.relationshipId() : new RelationshipId(context.newId());
        users.require("owner", body.owner(), KnownUsers.RELATIONSHIP_MANAGERS);
        UserName owner = body.owner() != null ? body.owner() : context.actor().name();
        return commands.create("/relationships", body, new OpenRelationship(id, body.counterparty(), owner, body.tier()), context);
    }

    @Operation(summary = "Log a contact (occurredAt is business time, may be back-dated)")
    @Creates
    @PostMapping(path = "/{relationshipId}/contacts", consumes = "application/json")
    public ResponseEntity<CommandAccepted> logContact(@PathVariable RelationshipId relationshipId,
                                                      @RequestBody LogContactRequest body, RequestContext context) {
        ContactId contactId = body.contactId() != null ? body.contactId() : new ContactId(context.newId());
        return commands.createAt("/relationships/" + relationshipId + "/contacts/" + contactId, body,
                new LogContact(relationshipId, contactId, body.channel(), body.participants(), body.summary(),
                        body.sentiment(), body.followUps(), body.occurredAt()), context);
    }

    @Operation(summary = "Correct a contact's summary; the original stays in the ledger")
    @PostMapping(path = "/{relationshipId}/contacts/{contactId}/corrections", consumes = "application/json")
    public ResponseEntity<CommandAccepted> correctSummary(@PathVariable RelationshipId relationshipId,
                                                          @PathVariable ContactId contactId,
                                                          @RequestBody CorrectSummaryRequest body, RequestContext context) {
        return commands.change(body, new CorrectContactSummary(relationshipId, contactId, body.correctedSummary(),
                body.reason()), context);
    }

    @Operation(summary = "Record a person at the counterparty")
    @PostMapping(path = "/{relationshipId}/people", consumes = "application/json")
    public ResponseEntity<CommandAccepted> addPerson(@PathVariable RelationshipId relationshipId,
                                                     @RequestBody AddPersonRequest body, RequestContext context) {
        PersonId personId = body.personId() != null ? body.personId() : new PersonId(context.newId());
        return commands.change(body, new AddCounterpartyPerson(relationshipId,
                new CounterpartyPerson(personId, body.name(), body.position(), body.email())), context);
    }

    @Operation(summary = "A person no longer represents the counterparty")
    @PostMapping(path = "/{relationshipId}/people/{personId}/remove", consumes = "application/json")
    public ResponseEntity<CommandAccepted> removePerson(@PathVariable RelationshipId relationshipId,
                                                        @PathVariable PersonId personId,
                                                        @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new RemoveCounterpartyPerson(relationshipId, personId, body.reason()), context);
    }

    @Operation(summary = "Erase a person's details for good (compliance officers; GDPR Art. 17, decision 0019)",
            description = "Destroys the key their name, position and email are sealed with: every event, read model "
                    + "and replay shows them as erased from then on, while the hash chain still verifies. The reason "
                    + "names the request and its legal ground.")
    @PostMapping(path = "/{relationshipId}/people/{personId}/erase", consumes = "application/json")
    public ResponseEntity<CommandAccepted> erasePerson(@PathVariable RelationshipId relationshipId,
                                                       @PathVariable PersonId personId,
                                                       @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new EraseCounterpartyPerson(relationshipId, personId, body.reason()), context);
    }

    @Operation(summary = "Erase what was said at a contact for good (compliance officers; GDPR Art. 17, decision 0021)",
            description = "Destroys the key the contact's participants, summary, follow-ups and summary corrections are "
                    + "sealed with: every replay shows them as erased from then on, while the hash chain still "
                    + "verifies. The contact stays (when, channel, sentiment). The reason names the request and its "
                    + "legal ground.")
    @PostMapping(path = "/{relationshipId}/contacts/{contactId}/erase", consumes = "application/json")
    public ResponseEntity<CommandAccepted> eraseContactText(@PathVariable RelationshipId relationshipId,
                                                            @PathVariable ContactId contactId,
                                                            @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new EraseContactText(relationshipId, contactId, body.reason()), context);
    }

    @Operation(summary = "Hand the relationship to another owner (managers and admins)")
    @PostMapping(path = "/{relationshipId}/reassign-owner", consumes = "application/json")
    public ResponseEntity<CommandAccepted> reassignOwner(@PathVariable RelationshipId relationshipId,
                                                         @RequestBody ReassignOwnerRequest body, RequestContext context) {
        users.require("newOwner", body.newOwner(), KnownUsers.RELATIONSHIP_MANAGERS);
        return commands.change(body, new ReassignOwner(relationshipId, body.newOwner(), body.reason()), context);
    }

    @Operation(summary = "Move the relationship to another tier")
    @PostMapping(path = "/{relationshipId}/change-tier", consumes = "application/json")
    public ResponseEntity<CommandAccepted> changeTier(@PathVariable RelationshipId relationshipId,
                                                      @RequestBody ChangeTierRequest body, RequestContext context) {
        return commands.change(body, new ChangeTier(relationshipId, body.tier(), body.reason()), context);
    }

    @Operation(summary = "Let another relationship manager record on this relationship")
    @PostMapping(path = "/{relationshipId}/delegates", consumes = "application/json")
    public ResponseEntity<CommandAccepted> delegate(@PathVariable RelationshipId relationshipId,
                                                    @RequestBody DelegateRequest body, RequestContext context) {
        users.require("delegate", body.delegate(), KnownUsers.RELATIONSHIP_MANAGERS);
        return commands.change(body, new DelegateAccess(relationshipId, body.delegate()), context);
    }

    @Operation(summary = "Take a delegation back")
    @PostMapping(path = "/{relationshipId}/delegates/{delegate}/revoke")
    public ResponseEntity<CommandAccepted> revoke(@PathVariable RelationshipId relationshipId,
                                                  @PathVariable UserName delegate, RequestContext context) {
        return commands.change(delegate, new RevokeDelegation(relationshipId, delegate), context);
    }

    @Operation(summary = "Close the relationship")
    @PostMapping(path = "/{relationshipId}/close", consumes = "application/json")
    public ResponseEntity<CommandAccepted> close(@PathVariable RelationshipId relationshipId,
                                                 @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new CloseRelationship(relationshipId, body.reason()), context);
    }

    @Operation(summary = "Reopen a closed relationship")
    @PostMapping(path = "/{relationshipId}/reopen", consumes = "application/json")
    public ResponseEntity<CommandAccepted> reopen(@PathVariable RelationshipId relationshipId,
                                                  @RequestBody ReasonRequest body, RequestContext context) {
        return commands.change(body, new ReopenRelationship(relationshipId, body.reason()), context);
    }
}
