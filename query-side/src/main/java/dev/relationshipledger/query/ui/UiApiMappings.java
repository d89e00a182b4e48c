package dev.relationshipledger.query.ui;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves the read API's GET handlers a second time under {@value #PREFIX}, for the web workspace: the same
 * controllers, the same parameters, validation, access rules and answers, only behind the UI's filter chain (form
 * login, session cookie scoped to /ui, CSRF) instead of the API's (HTTP Basic, stateless). The pages call {@code /ui/api/relationships}
 * where a script would call {@code /relationships}; nothing is reimplemented, so the page shows what the API says.
 */
@Component
public class UiApiMappings implements SmartInitializingSingleton {

    public static final String PREFIX = "/ui/api";

    /** The read API's resources; actuator, OpenAPI documents and error pages are not mirrored. */
    static final List<String> READ_API = List.of("/relationships", "/negotiations", "/audit", "/portfolio");

    private final RequestMappingHandlerMapping mappings;

    public UiApiMappings(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<RequestMappingInfo, HandlerMethod> existing = new LinkedHashMap<>(mappings.getHandlerMethods());
        existing.forEach((info, handler) -> {
            if (readApi(handler, info.getPatternValues()) && readOnly(info)) {
                String[] mirrored = info.getPatternValues().stream().map(p -> PREFIX + p).toArray(String[]::new);
                mappings.registerMapping(info.mutate().paths(mirrored).build(), handler.getBean(), handler.getMethod());
            }
        });
    }

    /** Only GET handlers: the workspace reads, and nothing that writes is ever reachable through its session. */
    static boolean readOnly(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        return methods.equals(Set.of(RequestMethod.GET));
    }

    static boolean readApi(HandlerMethod handler, Set<String> patterns) {
        String type = handler.getBeanType().getName();
        if (!type.startsWith("dev.relationshipledger.query.") || type.startsWith("dev.relationshipledger.query.ui.")) {
            return false;
        }
        return !patterns.isEmpty() && patterns.stream().allMatch(p -> READ_API.stream()
                .anyMatch(r -> p.equals(r) || p.startsWith(r + "/")));
    }
}
