package dev.relationshipledger.query.audit;

import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.query.status.ReadingScope;
import dev.relationshipledger.query.status.RelationshipStatusProjection;
import dev.relationshipledger.query.status.ResponsibleManagers;
import dev.relationshipledger.query.store.ReadYourWrites;
import dev.relationshipledger.query.web.NotFound;
import dev.relationshipledger.query.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.AsyncWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The audit trail: every event of every aggregate, filtered, in position order, with corrections beside their
 * originals; and the same as a streamed CSV or NDJSON export. Managers, compliance officers, BI analysts and admins
 * read all of it; a relationship manager the entries of the relationships they own or were delegated
 * ({@link ReadingScope}), as they read those relationships' replays and negotiations.
 */
@RestController
@Tag(name = "Audit trail")
public class AuditTrailController {

    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8;header=present");
    /** An AsyncContext timeout of zero or less is none. */
    static final long NO_TIMEOUT = -1;
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson;charset=UTF-8");

    private final AuditTrailQueries queries;
    private final AuditExport export;
    private final ReadYourWrites readYourWrites;
    private final ResponsibleManagers responsible;

    public AuditTrailController(AuditTrailQueries queries, AuditExport export,
                                ReadYourWrites readYourWrites, ResponsibleManagers responsible) {
        this.queries = queries;
        this.export = export;
        this.readYourWrites = readYourWrites;
        this.responsible = responsible;
    }

    @Operation(summary = "Audit entries: filter by relationshipId, aggregateId, actor, type, subject, recordedFrom/To, "
            + "businessFrom/To; sort position or -position; page with limit and cursor; atLeast waits for a position; "
            + "opened=true also shows each event's sealed values opened (or erased)")
    @GetMapping(path = "/audit", produces = "application/json")
    public Page<AuditEntry> audit(@RequestParam Map<String, String> parameters, Authentication authentication) {
        return queries.page(scoped(AuditQuery.page(parameters), authentication));
    }

    @Operation(summary = "The full history of a relationship (events of all its aggregates), in position order")
    @GetMapping(path = "/relationships/{relationshipId}/history", produces = "application/json")
    public Page<AuditEntry> relationshipHistory(@PathVariable RelationshipId relationshipId,
                                                @RequestParam Map<String, String> parameters,
                                                Authentication authentication) {
        AuditQuery query = scoped(AuditQuery.relationshipHistory(relationshipId.value(), parameters), authentication);
        if (!queries.knowsRelationship(relationshipId.value())) {
            throw new NotFound("no relationship " + relationshipId + " is known to the audit trail");
        }
        return queries.page(query);
    }

    @Operation(summary = "The full history of a negotiation, in position order")
    @GetMapping(path = "/negotiations/{negotiationId}/history", produces = "application/json")
    public Page<AuditEntry> negotiationHistory(@PathVariable NegotiationId negotiationId,
                                               @RequestParam Map<String, String> parameters,
                                               Authentication authentication) {
        AuditQuery query = AuditQuery.negotiationHistory(negotiationId.toString(), parameters);
        awaitPosition(query);
        java.util.Optional<UUID> relationship = queries.relationshipOf(query.aggregateType(), query.aggregateId());
        if (relationship.isEmpty()) {
            // to a relationship manager as to any negotiation not theirs: a 404 would tell which ids exist
            ReadingScope.requireResponsible(ReadingScope.restrictedTo(authentication) == null, "the audit trail");
            throw new NotFound("no negotiation " + negotiationId + " is known to the audit trail");
        }
        return queries.page(scopedTo(relationship.get(), query, authentication));
    }

    @Operation(summary = "Every matching entry as CSV (RFC 4180), streamed; same filters as /audit, no paging")
    @GetMapping(path = "/audit/export.csv")
    public ResponseEntity<StreamingResponseBody> exportCsv(@RequestParam Map<String, String> parameters,
                                                           Authentication authentication, HttpServletRequest request) {
        AuditQuery query = scoped(AuditQuery.export(parameters), authentication);
        return attachment(request, "audit-trail.csv", CSV, export.csv(query));
    }

    @Operation(summary = "Every matching entry as newline-delimited JSON, streamed; same filters as /audit, no paging")
    @GetMapping(path = "/audit/export.ndjson")
    public ResponseEntity<StreamingResponseBody> exportNdjson(@RequestParam Map<String, String> parameters,
                                                              Authentication authentication,
                                                              HttpServletRequest request) {
        AuditQuery query = scoped(AuditQuery.export(parameters), authentication);
        return attachment(request, "audit-trail.ndjson", NDJSON, export.ndjson(query));
    }


    /**
     * An export that failed half way is handed to the servlet container, which closes the connection of a committed
     * response at once: the client's download fails. Handled like any other error (web/ApiProblems), the container
     * would end the chunked body cleanly and the client would hold a cut export that looks whole.
     */
    @ExceptionHandler(AuditExport.ExportInterrupted.class)
    void interrupted(AuditExport.ExportInterrupted e) {
        throw e;
    }

    /**
     * Waits for {@code atLeast}, then narrows the query to the caller's relationships if they read only those; a
     * relationship named in it that is not theirs is refused (403), one the status projection does not know yet too.
     */
    private AuditQuery scoped(AuditQuery query, Authentication user) {
        awaitPosition(query);
        return scopedTo(query.relationshipId(), query, user);
    }

    private AuditQuery scopedTo(UUID relationship, AuditQuery query, Authentication user) {
        String restrictedTo = ReadingScope.restrictedTo(user);
        if (restrictedTo == null) {
            return query;
        }
        // the owners and delegates are the status projection's: a delegation the caller just made counts
        readYourWrites.await(RelationshipStatusProjection.NAME, query.atLeast(),
                relationship == null ? null : relationship.toString());
        if (relationship != null) {
            ReadingScope.requireResponsible(responsible.include(relationship, restrictedTo).orElse(false),
                    "the audit trail");
        }
        return query.restrictedTo(restrictedTo);
    }

    private void awaitPosition(AuditQuery query) {
        readYourWrites.await(AuditTrailProjection.NAME, query.atLeast(), query.relationshipId() == null ? null : query.relationshipId().toString());
    }

    private static ResponseEntity<StreamingResponseBody> attachment(HttpServletRequest request, String name,
                                                                    MediaType type, StreamingResponseBody body) {
        // An export takes as long as it takes: no async request timeout (Tomcat's default would cut it after 30 s,
        // and a cut made by a timeout ends the chunked body cleanly: a short file that looks whole). A client that
        // stops reading is still cut off by the connector's write timeout.
        WebAsyncUtils.getAsyncManager(request).registerCallableInterceptor(AuditExport.class.getName(),
                new CallableProcessingInterceptor() {
                    @Override
                    public <T> void beforeConcurrentHandling(NativeWebRequest webRequest, Callable<T> task) {
                        if (webRequest instanceof AsyncWebRequest async) {
                            async.setTimeout(NO_TIMEOUT);
                        }
                    }
                });
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }
}
