package dev.relationshipledger.query.timetravel;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.query.audit.AuditQuery;
import dev.relationshipledger.query.audit.AuditTrailProjection;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.fold.RelationshipStatus;
import dev.relationshipledger.query.fold.RelationshipSummary;
import dev.relationshipledger.query.fold.ReputationModelV1;
import dev.relationshipledger.query.fold.ReputationModelV2;
import dev.relationshipledger.query.fold.StatusRules;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import dev.relationshipledger.query.store.ReadYourWrites;
import dev.relationshipledger.query.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Replaying a relationship: as-of either time axis, step by step, turning points, comparisons, re-scoring. */
@RestController
@RequestMapping(path = "/relationships/{relationshipId}", produces = "application/json")
@Tag(name = "Time travel")
public class TimeTravelController {

    private final TimeTravel timeTravel;
    private final ReadYourWrites readYourWrites;
    private final Map<String, RelationshipFold> folds;
    private final ReplayAccess access;
    private final Clock clock;

    public TimeTravelController(TimeTravel timeTravel, ReadYourWrites readYourWrites, RelationshipFold currentFold,
                                ReplayAccess access, Clock clock) {
        this.timeTravel = timeTravel;
        this.readYourWrites = readYourWrites;
        this.access = access;
        this.clock = clock;
        this.folds = Map.of(ReputationModelV1.VERSION, currentFold, ReputationModelV2.VERSION,
                new RelationshipFold(new ReputationModelV2()));
    }

    @Operation(summary = "The relationship as of an instant: axis=recorded (what had been recorded) or business "
            + "(what had happened, back-dated facts included); model=v1 (as scored at the time) or v2 (re-scored now)")
    @GetMapping("/as-of")
    public TimeTravel.AsOf asOf(@PathVariable RelationshipId relationshipId, @RequestParam Map<String, String> parameters,
                                Authentication user) {
        QueryParameters p = new QueryParameters(parameters, Set.of("at", "axis", "model", "atLeast"));
        awaitReplayable(p, relationshipId, user);
        Instant at = required(p.instant("at"), "at");
        return timeTravel.asOf(relationshipId.toString(), axis(p), at, fold(p));
    }

    @Operation(summary = "The events in ledger order, each with who, when, why, the view after it and the fields it changed")
    @GetMapping("/steps")
    public TimeTravel.Steps steps(@PathVariable RelationshipId relationshipId, @RequestParam Map<String, String> parameters,
                                Authentication user) {
        QueryParameters p = new QueryParameters(parameters, Set.of("after", "type", "from", "to", "limit", "atLeast"));
        awaitReplayable(p, relationshipId, user);
        Long after = p.longValue("after");
        if (after != null && after < 0) {
            throw InvalidValue.of("after", "must be a position (>= 0)");
        }
        String types = p.text("type");
        Set<String> typeSet = types == null ? Set.of()
                : Arrays.stream(types.split(",")).map(String::strip).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
        typeSet.forEach(t -> {
            if (!t.matches("[A-Za-z]{1,64}")) {
                throw InvalidValue.of("type", "must be event type names such as ContactLogged, comma separated");
            }
            // a misspelt type would filter out every step: an empty page that looks like an answer
            if (!AuditQuery.EVENT_TYPES.contains(t)) {
                throw InvalidValue.of("type", "must be event types of " + AuditQuery.EVENT_TYPES + ", comma separated");
            }
        });
        Instant from = p.instant("from");
        Instant to = p.instant("to");
        if (from != null && to != null && from.isAfter(to)) {
            throw InvalidValue.of("from", "must not be after to");
        }
        return timeTravel.steps(relationshipId.toString(), after == null ? 0 : after, typeSet, from, to, p.limit());
    }

    @Operation(summary = "The first event at which a condition became true: status:AT_RISK (any status), "
            + "reputation-below:40, event:ContractTerminated (any event type)")
    @GetMapping("/turning-point")
    public TimeTravel.TurningPoint turningPoint(@PathVariable RelationshipId relationshipId,
                                                @RequestParam Map<String, String> parameters,
                                Authentication user) {
        QueryParameters p = new QueryParameters(parameters, Set.of("condition", "atLeast"));
        awaitReplayable(p, relationshipId, user);
        String condition = required(p.text("condition"), "condition");
        return timeTravel.turningPoint(relationshipId.toString(), condition, condition(condition), clock.instant());
    }

    @Operation(summary = "What changed between two instants on one axis")
    @GetMapping("/compare")
    public TimeTravel.Comparison compare(@PathVariable RelationshipId relationshipId,
                                         @RequestParam Map<String, String> parameters,
                                Authentication user) {
        QueryParameters p = new QueryParameters(parameters, Set.of("from", "to", "axis", "atLeast"));
        awaitReplayable(p, relationshipId, user);
        Instant from = required(p.instant("from"), "from");
        Instant to = required(p.instant("to"), "to");
        if (to.isBefore(from)) {
            throw InvalidValue.of("to", "must not be before from");
        }
        return timeTravel.compare(relationshipId.toString(), axis(p), from, to);
    }

    static TurningCondition condition(String condition) {
        String[] parts = condition.split(":", 2);
        if (parts.length != 2 || parts[1].isBlank()) {
            throw InvalidValue.of("condition", "must be status:<STATUS>, reputation-below:<number> or event:<EventType>");
        }
        String value = parts[1].strip();
        switch (parts[0]) {
            case "status" -> {
                RelationshipStatus status;
                try {
                    status = RelationshipStatus.valueOf(value);
                } catch (IllegalArgumentException e) {
                    throw InvalidValue.of("condition", "status must be one of " + Arrays.toString(RelationshipStatus.values()));
                }
                return new TurningCondition() {
                    @Override
                    public boolean holds(RelationshipState state, HistoryEvent event, Instant at) {
                        return StatusRules.statusAt(state, at) == status;
                    }

                    @Override
                    public Instant becameTrue(RelationshipState state, Instant from, Instant until) {
                        // only dormancy comes with time alone, from the moment the relationship was last heard of
                        Instant dormant = StatusRules.dormantFrom(state, until);
                        return dormant.isAfter(from) && dormant.isBefore(until) ? dormant : until;
                    }
                };
            }
            case "reputation-below" -> {
                double threshold;
                try {
                    threshold = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw InvalidValue.of("condition", "reputation-below needs a number");
                }
                return (state, event, at) -> RelationshipSummary.shownScore(state.reputation().score()) < threshold;
            }
            case "event" -> {
                if (!value.matches("[A-Za-z]{1,64}")) {
                    throw InvalidValue.of("condition", "event needs an event type name such as ContractTerminated");
                }
                // an unknown type can never occur: a 404 "never became true" would hide the misspelling
                if (!AuditQuery.EVENT_TYPES.contains(value)) {
                    throw InvalidValue.of("condition", "event must be one of " + AuditQuery.EVENT_TYPES);
                }
                return (state, event, at) -> event != null && event.eventType().equals(value);
            }
            default -> throw InvalidValue.of("condition", "must be status:<STATUS>, reputation-below:<number> or event:<EventType>");
        }
    }

    /**
     * Time travel reads the audit trail (which events) and the status projection's checkpoints: wait for both, then
     * check the user may replay this relationship (its owner and delegates as of {@code atLeast}). A user no
     * relationship may be replayed by is refused before the wait.
     */
    private void awaitReplayable(QueryParameters p, RelationshipId relationshipId, Authentication user) {
        access.requireMayReplay(user);
        Long atLeast = p.longValue("atLeast");
        readYourWrites.await(AuditTrailProjection.NAME, atLeast, relationshipId.toString());
        readYourWrites.await(RelationshipStatusProjection.NAME, atLeast, relationshipId.toString());
        access.require(user, relationshipId.toString());
    }

    private static Axis axis(QueryParameters p) {
        String axis = p.text("axis");
        if (axis == null || axis.equals("recorded")) {
            return Axis.RECORDED;
        }
        if (axis.equals("business")) {
            return Axis.BUSINESS;
        }
        throw InvalidValue.of("axis", "must be recorded or business");
    }

    private RelationshipFold fold(QueryParameters p) {
        String model = p.text("model");
        RelationshipFold fold = folds.get(model == null ? ReputationModelV1.VERSION : model);
        if (fold == null) {
            throw InvalidValue.of("model", "must be one of " + folds.keySet());
        }
        return fold;
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw InvalidValue.of(name, "is required");
        }
        return value;
    }
}
