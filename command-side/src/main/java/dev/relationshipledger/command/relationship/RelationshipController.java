package dev.relationshipledger.command.relationship;

import dev.relationshipledger.command.web.CommandAccepted;
import dev.relationshipledger.command.web.CommandSender;
import dev.relationshipledger.command.web.RequestContext;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.LogContact;
import dev.relationshipledger.kernel.relationship.OpenRelationship;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** The write API of relationships and the contacts logged with them. */
@RestController
@RequestMapping(path = "/relationships", produces = "application/json")
public class RelationshipController {

    private final CommandSender commands;

    public RelationshipController(CommandSender commands) {
        this.commands = commands;
    }

    /** Body of {@code POST /relationships}; the id may be chosen by the client (a retry then cannot open a second one). */
    public record OpenRelationshipRequest(RelationshipId relationshipId, Counterparty counterparty, UserName owner,
                                          Tier tier) {
    }

    /** Body of {@code POST /relationships/{id}/contacts}. */
    public record LogContactRequest(ContactId contactId, ContactChannel channel, List<String> participants,
                                    String summary, Sentiment sentiment, List<String> followUps, Instant occurredAt) {
    }

    @PostMapping(consumes = "application/json")
    public ResponseEntity<CommandAccepted> open(@RequestBody OpenRelationshipRequest body,
                                                HttpServletRequest request, Authentication authentication) {
        RequestContext context = RequestContext.of(request, authentication);
        RelationshipId id = body.relationshipId() != null ? body.relationshipId() : RelationshipId.generate();
        UserName owner = body.owner() != null ? body.owner() : context.actor().name();
        CommandAccepted accepted = commands.send(new OpenRelationship(id, body.counterparty(), owner, body.tier()), context);
        return ResponseEntity.created(URI.create("/relationships/" + id)).body(accepted);
    }

    @PostMapping(path = "/{relationshipId}/contacts", consumes = "application/json")
    public ResponseEntity<CommandAccepted> logContact(@PathVariable RelationshipId relationshipId,
                                                      @RequestBody LogContactRequest body,
                                                      HttpServletRequest request, Authentication authentication) {
        RequestContext context = RequestContext.of(request, authentication);
        ContactId contactId = body.contactId() != null ? body.contactId() : ContactId.generate();
        CommandAccepted accepted = commands.send(new LogContact(relationshipId, contactId, body.channel(),
                body.participants(), body.summary(), body.sentiment(), body.followUps(), body.occurredAt()), context);
        return ResponseEntity.created(URI.create("/relationships/" + relationshipId + "/contacts/" + contactId))
                .body(accepted);
    }
}
