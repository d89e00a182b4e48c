package dev.relationshipledger.query.reputation;

import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.kernel.validation.LedgerTime;
import dev.relationshipledger.query.audit.AuditTrailProjection;
import dev.relationshipledger.query.fold.RelationshipFold;
import dev.relationshipledger.query.fold.ReputationModelV1;
import dev.relationshipledger.query.fold.ReputationModelV2;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import dev.relationshipledger.query.store.ReadYourWrites;
import dev.relationshipledger.query.timetravel.ReplayAccess;
import dev.relationshipledger.query.timetravel.TimeTravel;
import dev.relationshipledger.query.web.NotFound;
import dev.relationshipledger.query.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reputation timelines: as scored at the time (stored points of the model in use, v1) or as re-scored now by a newer
 * model (v2, computed from the history on request); and the portfolio's daily average.
 */
@RestController
@Tag(name = "Reputation")
public class ReputationController {

    private static final int MAX_DAYS = 366;

    private final ReputationTimeline timeline;
    private final TimeTravel timeTravel;
    private final ReadYourWrites readYourWrites;
    private final ReplayAccess replayAccess;
    private final RelationshipFold rescoring = new RelationshipFold(new ReputationModelV2());

    public ReputationController(ReputationTimeline timeline, TimeTravel timeTravel, ReadYourWrites readYourWrites,
                                ReplayAccess replayAccess) {
        this.timeline = timeline;
        this.timeTravel = timeTravel;
        this.readYourWrites = readYourWrites;
        this.replayAccess = replayAccess;
    }

    @Operation(summary = "A relationship's reputation timeline: model=v1 as scored at the time, model=v2 re-scored now")
    @GetMapping(path = "/relationships/{relationshipId}/reputation", produces = "application/json")
    public List<ReputationPoint> timeline(@PathVariable RelationshipId relationshipId,
                                          @RequestParam Map<String, String> parameters, Authentication user) {
        QueryParameters p = new QueryParameters(parameters, Set.of("model", "atLeast"));
        String model = p.text("model") == null ? ReputationModelV1.VERSION : p.text("model");
        if (model.equals(ReputationModelV2.VERSION)) {
            // re-scoring folds the relationship's whole history again: a replay, for those who may replay it (a role
            // that replays nothing is refused at once, before any wait for atLeast)
            replayAccess.requireMayReplay(user);
        }
        readYourWrites.await(RelationshipStatusProjection.NAME, p.longValue("atLeast"), relationshipId.toString());
        readYourWrites.await(AuditTrailProjection.NAME, p.longValue("atLeast"), relationshipId.toString());
        if (model.equals(ReputationModelV2.VERSION)) {
            replayAccess.require(user, relationshipId.toString());
        }
        if (model.equals(ReputationModelV1.VERSION)) {
            List<ReputationPoint> points = timeline.of(relationshipId.toString(), model);
            if (points.isEmpty() && !timeline.knows(relationshipId.toString())) {
                throw new NotFound("no relationship " + relationshipId + " is known to the read model");
            }
            return points;
        }
        if (model.equals(ReputationModelV2.VERSION)) {
            return timeTravel.rescore(relationshipId.toString(), rescoring);
        }
        throw InvalidValue.of("model", "must be v1 (as scored at the time) or v2 (re-scored now)");
    }

    @Operation(summary = "The portfolio's reputation per day: the average of every relationship's latest score")
    @GetMapping(path = "/portfolio/reputation", produces = "application/json")
    public List<ReputationTimeline.PortfolioDay> portfolio(@RequestParam Map<String, String> parameters) {
        QueryParameters p = new QueryParameters(parameters, Set.of("from", "to"));
        LocalDate to = date(p.text("to"), "to", LocalDate.now(ZoneOffset.UTC));
        LocalDate from = date(p.text("from"), "from", to.minusDays(29));
        if (from.isAfter(to)) {
            throw InvalidValue.of("from", "must not be after to");
        }
        // both ends count: from plus MAX_DAYS - 1 days is the last day a range may reach
        if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
            throw InvalidValue.of("from", "the range may span at most " + MAX_DAYS + " days");
        }
        return timeline.portfolioDaily(ReputationModelV1.VERSION, from, to);
    }

    private static LocalDate date(String text, String name, LocalDate fallback) {
        if (text == null) {
            return fallback;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidValue.of(name, "must be a date such as 2026-01-31");
        }
        // the same span as instants (QueryParameters.instant): PostgreSQL cannot store the days Java can parse
        if (!LedgerTime.contains(date)) {
            throw InvalidValue.of(name, "must be " + LedgerTime.SPAN);
        }
        return date;
    }
}
