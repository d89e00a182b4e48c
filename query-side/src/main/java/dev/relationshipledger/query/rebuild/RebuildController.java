package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.query.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** ADMIN: rebuild projections into fresh tables while the current ones keep serving (decision 0009). */
@RestController
@RequestMapping(path = "/admin/rebuilds", produces = "application/json")
@Tag(name = "Operations")
public class RebuildController {

    private static final String NAMES = "relationship-status, audit-trail, negotiation-history, or all (every "
            + "projection from one scan of the ledger)";

    private final ProjectionRebuild rebuild;

    public RebuildController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Operation(summary = "The last or running rebuild of each projection (and of all) that has had one")
    @GetMapping
    public List<ProjectionRebuild.Progress> rebuilds() {
        return rebuild.progress();
    }

    @Operation(summary = "Start a rebuild (202); 409 while any rebuild runs on any query node; 404 for an unknown name")
    @PostMapping("/{projection}")
    public ResponseEntity<ProjectionRebuild.Progress> start(
            @Parameter(description = NAMES) @PathVariable String projection) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.start(projection));
    }

    @Operation(summary = "Progress of the running or last rebuild: events done and total, rate, seconds left")
    @GetMapping("/{projection}")
    public ProjectionRebuild.Progress progress(@Parameter(description = NAMES) @PathVariable String projection) {
        return rebuild.progress(projection).orElseThrow(() -> new NotFound("no rebuild of " + projection
                + " has run yet"));
    }
}
