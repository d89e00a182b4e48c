package dev.relationshipledger.command.operations;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Notes the type of a problem answer on the request, so that {@link CommandOutcomes} can tell a business rule's
 * 409 from a version conflict's without parsing the body.
 */
@ControllerAdvice
class ProblemTypeRecorder implements ResponseBodyAdvice<Object> {

    private static final String PREFIX = "urn:relationship-ledger:problem:";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getType() != null
                && request instanceof ServletServerHttpRequest servlet) {
            String type = problem.getType().toString();
            servlet.getServletRequest().setAttribute(CommandOutcomes.PROBLEM_TYPE,
                    type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type);
        }
        return body;
    }
}
