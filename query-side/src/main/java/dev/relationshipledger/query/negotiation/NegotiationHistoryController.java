package dev.relationshipledger.query.negotiation;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.query.negotiation.NegotiationViews.Header;
import dev.relationshipledger.query.negotiation.NegotiationViews.History;
import dev.relationshipledger.query.status.ReadingScope;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import dev.relationshipledger.query.status.ResponsibleManagers;
import dev.relationshipledger.query.store.ReadYourWrites;
import dev.relationshipledger.query.web.NotFound;
import dev.relationshipledger.query.web.Page;
import dev.relationshipledger.query.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The negotiation history: who offered what, in which round, inside which mandate, approved by whom; corrections
 * beside the original. A relationship manager reads only the negotiations of relationships they own or were
 * delegated.
 */
@RestController
@RequestMapping(path = "/negotiations", produces = "application/json")
@Tag(name = "Negotiation history")
public class NegotiationHistoryController {

    private final NegotiationHistoryQueries queries;
    private final ReadYourWrites readYourWrites;
    private final ResponsibleManagers responsible;

    public NegotiationHistoryController(NegotiationHistoryQueries queries, ReadYourWrites readYourWrites,
                                        ResponsibleManagers responsible) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.responsible = responsible;
    }

    @Operation(summary = "List negotiations: filter by relationshipId and status; sort openedAt (default -openedAt), "
            + "subject or rounds; page with cursor")
    @GetMapping
    public Page<Header> list(@RequestParam Map<String, String> parameters, Authentication user) {
        NegotiationListQuery query = NegotiationListQuery.from(parameters);
        String restrictedTo = ReadingScope.restrictedTo(user);
        String relationship = query.relationshipId() == null ? null : query.relationshipId().toString();
        readYourWrites.await(NegotiationHistoryProjection.NAME, query.atLeast(), relationship);
        if (restrictedTo != null) {
            readYourWrites.await(RelationshipStatusProjection.NAME, query.atLeast(), relationship);
            if (query.relationshipId() != null) {
                // a relationship the status projection does not know yet lists nothing for them anyway
                ReadingScope.requireResponsible(
                        responsible.include(query.relationshipId(), restrictedTo).orElse(true), "the negotiations");
            }
        }
        return queries.list(query, restrictedTo);
    }

    @Operation(summary = "One negotiation's full history: rounds in order with terms, corrections, mandate check, "
            + "approval, time since the previous round and concession; approvals; outcome")
    @GetMapping("/{negotiationId}")
    public History history(@PathVariable NegotiationId negotiationId, @RequestParam Map<String, String> parameters,
                           Authentication user) {
        Long atLeast = new QueryParameters(parameters, Set.of("atLeast")).longValue("atLeast");
        UUID id = negotiationId.value();
        // the negotiation's relationship is not known before reading it: wait for every segment
        readYourWrites.await(NegotiationHistoryProjection.NAME, atLeast, null);
        Header header = queries.header(id)
                .orElseThrow(() -> new NotFound("no negotiation " + negotiationId + " is known to the read model"));
        String restrictedTo = ReadingScope.restrictedTo(user);
        if (restrictedTo != null) {
            readYourWrites.await(RelationshipStatusProjection.NAME, atLeast, header.relationshipId());
            ReadingScope.requireResponsible(
                    responsible.include(UUID.fromString(header.relationshipId()), restrictedTo).orElse(false),
                    "the negotiations");
        }
        return queries.history(header);
    }
}
