package dev.relationshipledger.query.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;

/** Builds the query side's {@code application/problem+json} answers (RFC 9457), typed by stable URNs. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:relationship-ledger:problem:" + type));
        problem.setTitle(title);
        return problem;
    }

    /** Writes a problem outside Spring MVC (security entry points, servlet filters). */
    public static void write(HttpServletRequest request, HttpServletResponse response, ObjectMapper json,
                             ProblemDetail problem) throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
