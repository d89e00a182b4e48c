package dev.relationshipledger.query.status;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.query.fold.RelationshipView;
import dev.relationshipledger.query.web.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The current status of relationships, as the status projection has it. */
@RestController
@RequestMapping(path = "/relationships", produces = "application/json")
public class RelationshipStatusController {

    private final RelationshipStatusTable table;

    public RelationshipStatusController(RelationshipStatusTable table) {
        this.table = table;
    }

    @GetMapping("/{relationshipId}")
    public RelationshipView status(@PathVariable RelationshipId relationshipId) {
        return table.find(relationshipId.toString())
                .orElseThrow(() -> new NotFound("no relationship " + relationshipId + " is known to the read model"));
    }
}
