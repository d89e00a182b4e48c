package dev.relationshipledger.query.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static dev.relationshipledger.query.web.Problems.problem;

/**
 * A controller that refuses a reader for what they ask (not for their role as a whole, which the security filter
 * chain decides) throws Spring Security's {@link AccessDeniedException}; it answers 403 with the same problem the
 * filter chain writes. Ordered before {@link ApiProblems}, whose catch-all would otherwise make it a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessDeniedProblems {

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                e.getMessage() == null ? "your role may not do this" : e.getMessage());
    }
}
