package dev.relationshipledger.query.operations;

import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.kernel.validation.StorableText;
import dev.relationshipledger.query.web.NotFound;
import dev.relationshipledger.query.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The ADMIN API over the projections' dead letters (role ADMIN, see SecurityConfiguration). Every node of the
 * query side answers for the whole queue: it lives in the database, not in the node.
 */
@RestController
@RequestMapping(path = "/admin/dead-letters", produces = "application/json")
@Tag(name = "Operations: dead letters")
public class DeadLetterController {

    private static final int MAX_SEQUENCE_ID = 255;
    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Operation(summary = "Size of every processing group's dead-letter queue (letters and parked sequences)")
    @GetMapping
    public Collection<DeadLetters.Size> sizes() {
        return deadLetters.sizes().values();
    }

    @Operation(summary = "Parked sequences of a group, by identifier, with their first letters (limit, after, letters)")
    @GetMapping("/{group}")
    public DeadLetters.Listing list(@PathVariable String group, @RequestParam Map<String, String> parameters) {
        known(group);
        QueryParameters query = new QueryParameters(parameters, Set.of("limit", "after", "letters"));
        int limit = bounded("limit", query.longValue("limit"), 50, 500);
        int letters = bounded("letters", query.longValue("letters"), 10, 1000);
        String after = parameters.get("after");
        if (after != null) {
            sequenceId("after", after);
        }
        return deadLetters.list(group, after, limit, letters);
    }

    @Operation(summary = "Size of one group's dead-letter queue")
    @GetMapping("/{group}/size")
    public DeadLetters.Size size(@PathVariable String group) {
        known(group);
        return deadLetters.size(group);
    }

    @Operation(summary = "Retry every parked sequence of the group once (after a fix); failures stay parked")
    @PostMapping("/{group}/retry")
    public DeadLetters.Retry retryAll(@PathVariable String group) {
        known(group);
        return deadLetters.retryAll(group);
    }

    @Operation(summary = "Retry one parked sequence (e.g. one relationship) of the group")
    @PostMapping("/{group}/sequences/{sequenceId}/retry")
    public DeadLetters.Retry retry(@PathVariable String group, @PathVariable String sequenceId) {
        known(group);
        return deadLetters.retry(group, sequenceId("sequenceId", sequenceId))
                .orElseThrow(() -> new NotFound("nothing of sequence " + sequenceId + " is parked in " + group));
    }

    @Operation(summary = "Evict a parked sequence: its events are dropped from the queue and never projected (until a rebuild)")
    @DeleteMapping("/{group}/sequences/{sequenceId}")
    public Map<String, Object> evict(@PathVariable String group, @PathVariable String sequenceId) {
        known(group);
        int evicted = deadLetters.evict(group, sequenceId("sequenceId", sequenceId));
        if (evicted == 0) {
            throw new NotFound("nothing of sequence " + sequenceId + " is parked in " + group);
        }
        return Map.of("processingGroup", group, "sequenceIdentifier", sequenceId, "evicted", evicted);
    }

    private void known(String group) {
        if (!deadLetters.hasQueue(group)) {
            throw new NotFound("processing group " + group + " has no dead-letter queue; groups with one: "
                    + deadLetters.groups());
        }
    }

    /** A sequence identifier as the queue stores it (text: no NUL, which PostgreSQL cannot compare with). */
    private static String sequenceId(String field, String value) {
        if (value.isBlank() || value.length() > MAX_SEQUENCE_ID) {
            throw InvalidValue.of(field, "must be 1 to " + MAX_SEQUENCE_ID + " characters");
        }
        String unstorable = StorableText.problem(value);
        if (unstorable != null) {
            throw InvalidValue.of(field, unstorable);
        }
        return value;
    }

    private static int bounded(String name, Long value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw InvalidValue.of(name, "must be between 1 and " + max);
        }
        return value.intValue();
    }
}
