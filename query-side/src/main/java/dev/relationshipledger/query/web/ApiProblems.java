package dev.relationshipledger.query.web;

import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.support.web.DatabaseUnavailable;
import dev.relationshipledger.support.web.RepeatedParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.relationshipledger.query.store.ReadYourWrites;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import dev.relationshipledger.query.rebuild.ProjectionRebuild;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;

import static dev.relationshipledger.query.web.Problems.problem;

/** Every refused query becomes a problem response naming what was wrong; only our own faults are 500s. */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);

    /** A query parameter given twice (support.web.SingleValuedParameters): a 400 naming it. */
    @ExceptionHandler(RepeatedParameter.class)
    ProblemDetail repeated(RepeatedParameter e) {
        return invalid(InvalidValue.of(e.parameter(), e.getMessage()));
    }

    @ExceptionHandler(InvalidValue.class)
    ProblemDetail invalid(InvalidValue e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", e.getMessage());
        problem.setProperty("errors", e.violations().stream()
                .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                e.getName() + " has the wrong format");
        problem.setProperty("errors", List.of(Map.of("field", e.getName(), "message", "has the wrong format")));
        return problem;
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ReadYourWrites.NotYetProjected.class)
    ResponseEntity<ProblemDetail> notYet(ReadYourWrites.NotYetProjected e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "not-yet-projected", "Not yet projected", e.getMessage()));
    }

    @ExceptionHandler(ProjectionRebuild.RebuildAlreadyRunning.class)
    ProblemDetail rebuildRunning(RuntimeException e) {
        return problem(HttpStatus.CONFLICT, "rebuild-running", "Rebuild already running", e.getMessage());
    }

    @ExceptionHandler(ProjectionRebuild.UnknownProjection.class)
    ProblemDetail unknownProjection(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseUnavailable.causeOf(e)) {
            LOG.warn("the database did not answer a query: {}", DatabaseUnavailable.rootMessage(e));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable",
                            "the ledger's database did not answer the query (unreachable, restarting, or the query "
                                    + "waited too long); retry it"));
        }
        LOG.error("unexpected failure while answering a query", e);
        return ResponseEntity.internalServerError().body(
                problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error", "the query could not be answered"));
    }
}
