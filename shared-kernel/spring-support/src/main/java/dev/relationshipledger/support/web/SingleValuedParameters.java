package dev.relationshipledger.support.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;

/**
 * Every query parameter of both APIs takes one value (where a list is allowed, as the event types of the steps, it
 * is one comma-separated value), and controllers read parameters as a map of one value each, so {@code ?type=A&type=B} used to be answered for A alone:
 * an audit export quietly missing what was asked for. A parameter given twice is refused (400 naming it) before any
 * controller runs. Actuator endpoints have handler mappings of their own and are not affected.
 */
@Component
public class SingleValuedParameters implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getValue().length > 1) {
                throw new RepeatedParameter(parameter.getKey(), parameter.getValue().length);
            }
        }
        return true;
    }
}
