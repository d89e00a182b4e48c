package dev.relationshipledger.command.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.relationshipledger.command.access.UnknownReference;
import dev.relationshipledger.command.idempotency.KeyReusedForAnotherRequest;
import dev.relationshipledger.command.rules.NotPermitted;
import dev.relationshipledger.command.rules.RuleViolated;
import dev.relationshipledger.command.store.NotDecidedInTime;
import dev.relationshipledger.kernel.validation.InvalidValue;
import dev.relationshipledger.support.web.DatabaseUnavailable;
import dev.relationshipledger.support.web.RepeatedParameter;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.relationshipledger.command.web.Problems.problem;

/**
 * Turns every way a command can be refused into a problem response. A client's mistake is always a 4xx that names
 * the field or the rule; only our own faults are 500s, and those say nothing about the internals.
 */
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
        return validation(e.violations().stream().map(v -> Map.of("field", v.field(), "message", v.message())).toList());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        InvalidValue invalid = causeOf(e, InvalidValue.class);
        String message = invalid != null && !invalid.violations().isEmpty()
                ? invalid.violations().get(0).message() : "has the wrong format";
        return validation(List.of(Map.of("field", e.getName(), "message", message)));
    }

    @ExceptionHandler(NotPermitted.class)
    ProblemDetail notPermitted(NotPermitted e) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "not-permitted", "Not permitted", e.getMessage());
        problem.setProperty("rule", e.rule());
        return problem;
    }

    @ExceptionHandler(RuleViolated.class)
    ProblemDetail ruleViolated(RuleViolated e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "rule-violated", "Refused by a business rule", e.getMessage());
        problem.setProperty("rule", e.rule());
        return problem;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "nothing with id " + e.getAggregateIdentifier() + " exists here");
    }

    /** An id of one kind of aggregate used where another is expected (a relationship id as a contract id). */
    @ExceptionHandler(IncompatibleAggregateException.class)
    ProblemDetail wrongKind(IncompatibleAggregateException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "nothing of this kind exists with that id");
    }

    @ExceptionHandler(UnknownReference.class)
    ProblemDetail unknownReference(UnknownReference e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail alreadyExists(AggregateStreamCreationException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "already-exists", "Already exists",
                "an aggregate with this id already exists; choose another id or leave it out");
        problem.setProperty("rule", "unique-id");
        return problem;
    }

    @ExceptionHandler({ConflictingModificationException.class, ConcurrencyException.class})
    ProblemDetail staleVersion(RuntimeException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "version-conflict", "Version conflict",
                "the aggregate changed since the version you expected (If-Match); read it again and retry");
        problem.setProperty("rule", "expected-version");
        return problem;
    }

    @ExceptionHandler(KeyReusedForAnotherRequest.class)
    ProblemDetail keyReused(KeyReusedForAnotherRequest e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency key reused", e.getMessage());
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ProblemDetail tooLarge(PayloadTooLarge e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", e.getMessage());
    }

    /** Group commit's committers were held up for longer than its max-wait: not decided, nothing stored. */
    @ExceptionHandler(NotDecidedInTime.class)
    ResponseEntity<ProblemDetail> notDecided(NotDecidedInTime e) {
        LOG.warn("a command was not decided: {}", e.getMessage());
        return unavailable("the ledger was too busy to decide the command in time; nothing of it was recorded. "
                + "Retry it");
    }

    /** No answer in time (CommandSender): the command may still be recorded, so the retry must carry the key. */
    @ExceptionHandler(CommandSender.NoAnswerInTime.class)
    ResponseEntity<ProblemDetail> noAnswer(CommandSender.NoAnswerInTime e) {
        LOG.warn("a command was not answered in time: {}", e.getMessage());
        return unavailable("the ledger did not answer in time and may still record the command. Retry it with the "
                + "same Idempotency-Key (a recorded command is then answered, not recorded again); without a key, "
                + "read the relationship first");
    }

    private static ResponseEntity<ProblemDetail> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable", detail));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, jakarta.servlet.http.HttpServletRequest request) {
        if (e instanceof IllegalArgumentException && unusableContentType(request.getContentType())) {
            // Spring reads the Content-Type only when it reads the body, and fails on a wildcard or a malformed one
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type", "Unsupported media type", "send the body as application/json"));
        }
        if (DatabaseUnavailable.causeOf(e)) {
            LOG.warn("the database did not complete a command: {}", DatabaseUnavailable.rootMessage(e));
            return unavailable("the ledger's database did not complete the command (unreachable, restarting, or the "
                    + "command waited too long); retry it, with the same Idempotency-Key if you sent one: a command "
                    + "that was recorded is then answered, not recorded again");
        }
        LOG.error("unexpected failure while handling a request", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "Internal error", "the ledger could not complete the request; nothing was recorded unless a later read shows it"));
    }

    private static boolean unusableContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            org.springframework.http.MediaType type = org.springframework.http.MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return true;
        }
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        PayloadTooLarge tooLarge = causeOf(ex, PayloadTooLarge.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(tooLarge(tooLarge));
        }
        return ResponseEntity.badRequest().body(unreadable(ex));
    }

    private ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        InvalidValue invalid = causeOf(ex, InvalidValue.class);
        JsonMappingException mapping = causeOf(ex, JsonMappingException.class);
        String path = mapping == null ? "" : path(mapping);
        if (invalid != null) {
            String prefix = path.isEmpty() ? "" : path;
            return validation(invalid.violations().stream()
                    .map(v -> Map.of("field", join(prefix, v.field()), "message", v.message()))
                    .toList());
        }
        String duplicate = duplicateKey(ex);
        if (duplicate != null) {
            return validation(List.of(Map.of("field", duplicate, "message", "is given more than once")));
        }
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return validation(List.of(Map.of("field", path, "message",
                    "is not a known field; known fields are " + unknown.getKnownPropertyIds())));
        }
        if (mapping instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            String allowed = Arrays.stream(format.getTargetType().getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
            return validation(List.of(Map.of("field", path, "message", "must be one of " + allowed)));
        }
        if (causeOf(ex, InputCoercionException.class) != null && !path.isEmpty()) {
            return validation(List.of(Map.of("field", path, "message", "is a number out of range")));
        }
        if (mapping instanceof MismatchedInputException mismatch && !path.isEmpty()) {
            String expected = mismatch.getTargetType() == null ? "another type" : mismatch.getTargetType().getSimpleName();
            return validation(List.of(Map.of("field", path, "message", "has the wrong type; expected " + expected)));
        }
        if (causeOf(ex, JsonProcessingException.class) != null || ex.getCause() == null) {
            return problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed request body",
                    "the request body is missing or is not valid JSON");
        }
        return problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed request body",
                "the request body could not be read");
    }

    /**
     * Jackson's path names the value being built; the violation names a field inside it, or the value itself when a
     * single-value type (an id, a user name) refused its text.
     */
    private static String join(String path, String field) {
        if (path.isEmpty()) {
            return field;
        }
        return InvalidValue.SELF.equals(field) ? path : path + "." + field;
    }

    /**
     * The field whose key the body repeats (spring.jackson.parser.strict-duplicate-detection), as the parser saw it;
     * Jackson reports it as a read error with no path of its own (and no type of its own either, hence the message).
     */
    private static String duplicateKey(Throwable ex) {
        StreamReadException read = causeOf(ex, StreamReadException.class);
        if (read == null || read.getOriginalMessage() == null || !read.getOriginalMessage().startsWith("Duplicate field")
                || read.getProcessor() == null) {
            return null;
        }
        JsonParser parser = read.getProcessor();
        java.util.Deque<JsonStreamContext> contexts = new java.util.ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
             context = context.getParent()) {
            contexts.addFirst(context);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context : contexts) {
            if (context.inArray()) {
                path.append('[').append(context.getCurrentIndex()).append(']');
            } else if (context.getCurrentName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(context.getCurrentName());
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ProblemDetail validation(List<Map<String, String>> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                errors.stream().map(e -> e.get("field") + " " + e.get("message")).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
