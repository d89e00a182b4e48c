package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.query.fold.RelationshipSummary;
import dev.relationshipledger.query.store.ReadYourWrites;
import dev.relationshipledger.query.web.NotFound;
import dev.relationshipledger.query.web.Page;
import dev.relationshipledger.query.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** The current status of relationships, as the status projection has it. */
@RestController
@RequestMapping(path = "/relationships", produces = "application/json")
@Tag(name = "Relationship status")
public class RelationshipStatusController {

    private final RelationshipStatusTable table;
    private final RelationshipStatusQueries queries;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    public RelationshipStatusController(RelationshipStatusTable table, RelationshipStatusQueries queries,
                                        ReadYourWrites readYourWrites, Clock clock) {
        this.table = table;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    @Operation(summary = "List relationships: filter by owner, kind, status, tier, q (name contains); sort; page with cursor")
    @GetMapping
    public Page<RelationshipSummary> list(@RequestParam Map<String, String> parameters) {
        StatusQuery query = StatusQuery.from(parameters);
        readYourWrites.await(RelationshipStatusProjection.NAME, query.atLeast(), null);
        return queries.list(query);
    }

    @Operation(summary = "One relationship's status; atLeast waits until the command's position is projected")
    @GetMapping("/{relationshipId}")
    public RelationshipSummary status(@PathVariable RelationshipId relationshipId,
                                      @RequestParam Map<String, String> parameters) {
        Long atLeast = new QueryParameters(parameters, Set.of("atLeast")).longValue("atLeast");
        readYourWrites.await(RelationshipStatusProjection.NAME, atLeast, relationshipId.toString());
        return table.find(relationshipId.toString())
                .map(state -> RelationshipSummary.of(state, clock.instant()))
                .orElseThrow(() -> new NotFound("no relationship " + relationshipId + " is known to the read model"));
    }
}
