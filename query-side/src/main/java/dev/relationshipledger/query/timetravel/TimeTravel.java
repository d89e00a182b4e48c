package dev.relationshipledger.query.timetravel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.actor.Actor;
import dev.relationshipledger.kernel.json.LedgerJson;
import dev.relationshipledger.query.fold.EventFacts;
import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.reputation.ReputationPoint;
import dev.relationshipledger.query.web.NotFound;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replays a relationship with the one fold the projections use: its view at any instant on either axis, its
 * history step by step with the field changes of each event, the first event at which a condition became true,
 * and the difference between two instants. Starts from the latest usable checkpoint, so it folds at most
 * {@code ledger.time-travel.checkpoint-every} events for the current model.
 */
@Service
public class TimeTravel {

    static final int FETCH = 1000;
    private static final ObjectMapper JSON = LedgerJson.newMapper();

    private final RelationshipHistory history;
    private final StateCheckpoints checkpoints;
    private final RelationshipFold currentFold;

    public TimeTravel(RelationshipHistory history, StateCheckpoints checkpoints, RelationshipFold currentFold) {
        this.history = history;
        this.checkpoints = checkpoints;
        this.currentFold = currentFold;
    }

    /** A view at an instant, and how it was computed. */
    public record AsOf(String relationshipId, Axis axis, Instant at, String reputationModel, RelationshipView view,
                       long checkpointPosition, int eventsFolded) {
    }

    public AsOf asOf(String relationshipId, Axis axis, Instant at, RelationshipFold fold) {
        Folded folded = fold(relationshipId, axis, at, Long.MAX_VALUE, fold);
        if (folded.state() == null) {
            throw new NotFound(history.exists(relationshipId)
                    ? "relationship " + relationshipId + " did not exist yet at " + at + " (" + axis.name().toLowerCase() + " time)"
                    : "no relationship " + relationshipId + " is known to the read model");
        }
        return new AsOf(relationshipId, axis, at, fold.model().version(), RelationshipView.of(folded.state(), at),
                folded.checkpointPosition(), folded.eventsFolded());
    }

    public AsOf asOf(String relationshipId, Axis axis, Instant at) {
        return asOf(relationshipId, axis, at, currentFold);
    }

    /** One event of the step-through: who, when, why, the view after it and what it changed. */
    public record Step(long position, String eventType, Instant recordedAt, Instant businessTime, String actor,
                       List<String> actorRoles, String correlationId, String causationId, String correctionReason,
                       JsonNode payload, List<StateDiff.FieldChange> changes, RelationshipView after) {

        Step showing(JsonNode shownPayload) {
            return shownPayload == null ? this : new Step(position, eventType, recordedAt, businessTime, actor,
                    actorRoles, correlationId, causationId, correctionReason, shownPayload, changes, after);
        }
    }

    /** A page of steps; {@code nextAfter} is the position to continue after (null when done). */
    public record Steps(List<Step> steps, Long nextAfter) {
    }

    /**
     * The events after position {@code after} in ledger order, each with the view after it and its changes; only
     * events of the given types (empty: all) recorded in [{@code from}, {@code to}] are returned, but every event
     * is folded.
     */
    public Steps steps(String relationshipId, long after, Set<String> types, Instant from, Instant to, int limit) {
        requireKnown(relationshipId);
        Folded start = fold(relationshipId, Axis.RECORDED, null, after, currentFold);
        RelationshipState state = start.state();
        List<Step> steps = new ArrayList<>();
        long position = after;
        while (steps.size() < limit) {
            List<HistoryEvent> events = history.events(relationshipId, position, Long.MAX_VALUE, Axis.RECORDED, null, FETCH);
            if (events.isEmpty()) {
                return new Steps(shown(relationshipId, steps), null);
            }
            for (HistoryEvent event : events) {
                RelationshipState before = state;
                state = apply(currentFold, state, event);
                position = event.position();
                if (matches(event, types, from, to)) {
                    // as the ledger showed it when the event was recorded: the steps run in that order, so each
                    // before is the previous after, give or take what time alone changed (dormancy)
                    RelationshipView viewBefore = before == null ? null : RelationshipView.of(before, event.recordedAt());
                    RelationshipView viewAfter = RelationshipView.of(state, event.recordedAt());
                    steps.add(step(event, StateDiff.between(viewBefore, viewAfter), viewAfter));
                    if (steps.size() == limit) {
                        boolean more = !history.events(relationshipId, position, Long.MAX_VALUE, Axis.RECORDED, null, 1).isEmpty();
                        return new Steps(shown(relationshipId, steps), more ? position : null);
                    }
                }
            }
        }
        return new Steps(shown(relationshipId, steps), position);
    }

    /**
     * The steps with their events as shown to someone: a contact's text opened, or erased (decision 0021). Only the
     * events returned are opened, in one query; the fold read them with the text left sealed.
     */
    private List<Step> shown(String relationshipId, List<Step> steps) {
        java.util.Map<Long, JsonNode> opened = new java.util.HashMap<>();
        history.shown(relationshipId, steps.stream().map(Step::position).toList())
                .forEach((position, event) -> opened.put(position, JSON.valueToTree(event)));
        return steps.stream().map(step -> step.showing(opened.get(step.position()))).toList();
    }

    /**
     * Where a condition first became true: at {@code becameTrueAt}, by an event ({@code cause} "event": that step,
     * with the view {@code before} it) or by time passing after one ({@code cause} "time": the step of the last
     * event before, its view {@code after} as of {@code becameTrueAt}, and {@code before} as that event left it).
     */
    public record TurningPoint(String condition, Step event, RelationshipView before, Instant becameTrueAt,
                               String cause) {
    }

    /** The first moment, in ledger order, at which the condition became true; {@code now} ends the last interval. */
    public TurningPoint turningPoint(String relationshipId, String description, TurningCondition condition,
                                     Instant now) {
        requireKnown(relationshipId);
        RelationshipState state = null;
        HistoryEvent last = null;
        boolean held = false;
        long position = 0;
        while (true) {
            List<HistoryEvent> events = history.events(relationshipId, position, Long.MAX_VALUE, Axis.RECORDED, null, FETCH);
            if (events.isEmpty()) {
                if (last != null && !held && condition.holds(state, null, now)) {
                    return byTime(relationshipId, description, condition, state, last, now);
                }
                throw new NotFound("on relationship " + relationshipId + " the condition '" + description + "' never became true");
            }
            for (HistoryEvent event : events) {
                if (last != null && !held && condition.holds(state, null, event.recordedAt())) {
                    return byTime(relationshipId, description, condition, state, last, event.recordedAt());
                }
                RelationshipState before = state;
                state = apply(currentFold, state, event);
                position = event.position();
                boolean holds = condition.holds(state, event, event.recordedAt());
                if (!held && holds) {
                    RelationshipView viewBefore = before == null ? null : RelationshipView.of(before, event.recordedAt());
                    RelationshipView viewAfter = RelationshipView.of(state, event.recordedAt());
                    return new TurningPoint(description, shown(relationshipId,
                            List.of(step(event, StateDiff.between(viewBefore, viewAfter), viewAfter))).get(0),
                            viewBefore, event.recordedAt(), "event");
                }
                held = holds;
                last = event;
            }
        }
    }

    /** The condition became true with no event, between the last event and {@code until}. */
    private TurningPoint byTime(String relationshipId, String description, TurningCondition condition,
                                RelationshipState state, HistoryEvent last, Instant until) {
        Instant at = condition.becameTrue(state, last.recordedAt(), until);
        RelationshipView asLeft = RelationshipView.of(state, last.recordedAt());
        RelationshipView then = RelationshipView.of(state, at);
        return new TurningPoint(description, shown(relationshipId, List.of(step(last, StateDiff.between(asLeft, then),
                then))).get(0), asLeft, at, "time");
    }

    /**
     * The reputation timeline as a model scores the whole history now (re-scoring), one point per change, in the
     * same shape as the stored timeline of the model in use.
     */
    public List<ReputationPoint> rescore(String relationshipId, RelationshipFold fold) {
        requireKnown(relationshipId);
        List<ReputationPoint> points = new ArrayList<>();
        RelationshipState state = null;
        long position = 0;
        while (true) {
            List<HistoryEvent> events = history.events(relationshipId, position, Long.MAX_VALUE, Axis.RECORDED, null, FETCH);
            if (events.isEmpty()) {
                return points;
            }
            for (HistoryEvent event : events) {
                RelationshipFold.Step step = fold.apply(state, event.event(),
                        new EventFacts(event.position(), event.recordedAt(), event.businessTime()));
                state = step.after();
                position = event.position();
                step.reputationChange().ifPresent(c -> points.add(new ReputationPoint(relationshipId, event.position(),
                        event.eventType(), c.model(), c.before(), c.after(), c.points(), c.rule(), c.at())));
            }
        }
    }

    /** What changed between two instants on one axis. */
    public record Comparison(AsOf from, AsOf to, List<StateDiff.FieldChange> changes) {
    }

    public Comparison compare(String relationshipId, Axis axis, Instant from, Instant to) {
        AsOf earlier = asOfOrNull(relationshipId, axis, from);
        AsOf later = asOf(relationshipId, axis, to);
        return new Comparison(earlier, later, StateDiff.between(earlier == null ? null : earlier.view(), later.view()));
    }

    private AsOf asOfOrNull(String relationshipId, Axis axis, Instant at) {
        try {
            return asOf(relationshipId, axis, at);
        } catch (NotFound notYet) {
            if (!history.exists(relationshipId)) {
                throw notYet;
            }
            return null;
        }
    }

    private record Folded(RelationshipState state, long checkpointPosition, int eventsFolded) {
    }

    /** Folds the events counted on the axis up to {@code at} (null: all) and up to a position. */
    private Folded fold(String relationshipId, Axis axis, Instant at, long untilPosition, RelationshipFold fold) {
        RelationshipState state = null;
        long checkpoint = 0;
        if (fold == currentFold) {
            state = checkpoints.latest(relationshipId, axis, at, untilPosition).orElse(null);
            checkpoint = state == null ? 0 : state.lastPosition();
        }
        long position = checkpoint;
        int folded = 0;
        while (true) {
            List<HistoryEvent> events = history.events(relationshipId, position, untilPosition, axis, at, FETCH);
            for (HistoryEvent event : events) {
                state = apply(fold, state, event);
                position = event.position();
                folded++;
            }
            if (events.size() < FETCH) {
                return new Folded(state, checkpoint, folded);
            }
        }
    }

    private static RelationshipState apply(RelationshipFold fold, RelationshipState state, HistoryEvent event) {
        return fold.apply(state, event.event(), new EventFacts(event.position(), event.recordedAt(), event.businessTime()))
                .after();
    }

    private void requireKnown(String relationshipId) {
        if (!history.exists(relationshipId)) {
            throw new NotFound("no relationship " + relationshipId + " is known to the read model");
        }
    }

    private static boolean matches(HistoryEvent event, Set<String> types, Instant from, Instant to) {
        return (types.isEmpty() || types.contains(event.eventType()))
                && (from == null || !event.recordedAt().isBefore(from))
                && (to == null || !event.recordedAt().isAfter(to));
    }

    private static Step step(HistoryEvent e, List<StateDiff.FieldChange> changes, RelationshipView after) {
        return new Step(e.position(), e.eventType(), e.recordedAt(), e.businessTime(), e.actor(),
                Actor.roleNames(e.actorRoles()), e.correlationId(), e.causationId(), e.correctionReason(),
                JSON.valueToTree(e.event()), changes, after);
    }
}
