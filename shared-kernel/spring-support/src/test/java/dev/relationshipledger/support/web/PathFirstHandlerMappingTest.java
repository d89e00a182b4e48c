package dev.relationshipledger.support.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path-first mapping chooses the handler Spring MVC's own mapping chooses, refuses what it refuses with the same
 * exception, and no longer evaluates the body and Accept conditions of mappings whose path does not match.
 */
class PathFirstHandlerMappingTest {

    private final RequestMappingHandlerMapping stock = initialised(new RequestMappingHandlerMapping());
    private final RequestMappingHandlerMapping pathFirst = initialised(new PathFirstHandlerMapping.Mapping());

    @Test
    void choosesWhatSpringMvcChoosesAndRefusesWhatItRefuses() {
        List<MockHttpServletRequest> requests = List.of(
                post("/things", "application/json", "application/json"),
                post("/things/7/notes", "application/json", "*/*"),
                post("/things/7/notes/3/corrections", "application/json", "application/json"),
                post("/things/7/archive", null, "application/json"),
                get("/things/7", "application/json"),
                get("/things/7/notes", "*/*"),
                post("/things/7/notes", "text/plain", "application/json"),        // 415
                post("/things/7/notes", null, "application/json"),                // 415: no content type
                post("/things/7/notes", "application/json", "text/html"),         // 406
                get("/things/7/archive", "application/json"),                     // 405
                post("/elsewhere/7", "application/json", "application/json"));    // no handler: 404
        for (MockHttpServletRequest request : requests) {
            assertThat(outcome(pathFirst, request))
                    .as(request.getMethod() + " " + request.getRequestURI() + " " + request.getContentType())
                    .isEqualTo(outcome(stock, request));
        }
        assertThat(outcome(pathFirst, post("/things/7/notes", "application/json", "*/*"))).isEqualTo("addNote");
        assertThat(outcome(pathFirst, post("/things/7/notes", "text/plain", "*/*")))
                .isEqualTo("HttpMediaTypeNotSupportedException");
        assertThat(outcome(pathFirst, post("/things/7/notes", "application/json", "text/html")))
                .isEqualTo("HttpMediaTypeNotAcceptableException");
        assertThat(outcome(pathFirst, get("/things/7/archive", "*/*")))
                .isEqualTo("HttpRequestMethodNotSupportedException");
    }

    @Test
    void readsTheBodyHeadersOfTheMatchingPathOnly() throws Exception {
        AtomicInteger stockReads = new AtomicInteger();
        AtomicInteger pathFirstReads = new AtomicInteger();

        assertThat(handlerName(stock.getHandler(counting(post("/things/7/notes/3/corrections", "application/json",
                "application/json"), stockReads)))).isEqualTo("correct");
        assertThat(handlerName(pathFirst.getHandler(counting(post("/things/7/notes/3/corrections", "application/json",
                "application/json"), pathFirstReads)))).isEqualTo("correct");

        // Spring MVC's mapping looks at the body headers of all four POST mappings that consume JSON; ours at one
        assertThat(stockReads.get()).isGreaterThanOrEqualTo(4 * pathFirstReads.get()).isGreaterThan(0);
        assertThat(pathFirstReads.get()).isPositive();
    }

    private static String outcome(RequestMappingHandlerMapping mapping, MockHttpServletRequest request) {
        try {
            return handlerName(mapping.getHandler(request));
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static String handlerName(HandlerExecutionChain chain) {
        return chain == null ? "none" : ((HandlerMethod) chain.getHandler()).getMethod().getName();
    }

    private static MockHttpServletRequest post(String path, String contentType, String accept) {
        MockHttpServletRequest request = request("POST", path, accept);
        if (contentType != null) {
            request.setContentType(contentType);
            request.setContent("{}".getBytes());
        }
        return request;
    }

    private static MockHttpServletRequest get(String path, String accept) {
        return request("GET", path, accept);
    }

    private static MockHttpServletRequest request(String method, String path, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Accept", accept);
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }

    /** The request, counting how often a body header (Content-Type, Content-Length, Transfer-Encoding) is read. */
    private static HttpServletRequest counting(MockHttpServletRequest request, AtomicInteger reads) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                if (!"Accept".equalsIgnoreCase(name)) {
                    reads.incrementAndGet();
                }
                return super.getHeader(name);
            }

            @Override
            public String getContentType() {
                reads.incrementAndGet();
                return super.getContentType();
            }
        };
    }

    private static RequestMappingHandlerMapping initialised(RequestMappingHandlerMapping mapping) {
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.setServletContext(new MockServletContext());
        context.registerSingleton("things", Things.class);
        context.refresh();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }

    @RestController
    @RequestMapping(path = "/things", produces = "application/json")
    static class Things {

        @PostMapping(consumes = "application/json")
        String create(@RequestBody String body) {
            return body;
        }

        @GetMapping("/{id}")
        String read(@PathVariable String id) {
            return id;
        }

        @PostMapping(path = "/{id}/notes", consumes = "application/json")
        String addNote(@PathVariable String id, @RequestBody String body) {
            return body;
        }

        @GetMapping(path = "/{id}/notes", produces = "*/*")
        String notes(@PathVariable String id) {
            return id;
        }

        @PostMapping(path = "/{id}/notes/{note}/corrections", consumes = "application/json")
        String correct(@PathVariable String id, @PathVariable String note, @RequestBody String body) {
            return body;
        }

        @PostMapping(path = "/{id}/tags", consumes = "application/json")
        String tag(@PathVariable String id, @RequestBody String body) {
            return body;
        }

        @PostMapping(path = "/{id}/archive")
        String archive(@PathVariable String id) {
            return id;
        }
    }
}
