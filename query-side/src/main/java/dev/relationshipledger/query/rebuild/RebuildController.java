package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.query.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** ADMIN: rebuild the relationship status projection into fresh tables while the current ones keep serving. */
@RestController
@RequestMapping(path = "/admin/rebuilds/relationship-status", produces = "application/json")
@Tag(name = "Operations")
public class RebuildController {

    private final StatusRebuild rebuild;

    public RebuildController(StatusRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Operation(summary = "Start a rebuild (202); 409 while one runs on any query node")
    @PostMapping
    public ResponseEntity<StatusRebuild.Progress> start() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.start());
    }

    @Operation(summary = "Progress of the running or last rebuild: events done and total, rate, seconds left")
    @GetMapping
    public StatusRebuild.Progress progress() {
        return rebuild.progress().orElseThrow(() -> new NotFound("no rebuild of relationship-status has run yet"));
    }
}
