package dev.relationshipledger.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS opens only to the origins configured in ledger.http.cors.allowed-origins (HttpHygieneTest: closed by default). */
class HttpHeaderRulesTest {

    @Test
    void aConfiguredOriginMayPreflightAndOthersMayNot() throws Exception {
        CorsConfigurationSource source = HttpHeaderRules.cors(List.of(" https://crm.example ", ""));

        MockHttpServletResponse allowed = preflight(source, "https://crm.example");
        assertThat(allowed.getStatus()).isEqualTo(200);
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://crm.example");
        assertThat(allowed.getHeader("Access-Control-Allow-Credentials")).isNull();

        MockHttpServletResponse refused = preflight(source, "https://evil.example");
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();

        assertThat(preflight(HttpHeaderRules.cors(List.of()), "https://crm.example").getStatus()).isEqualTo(403);
    }

    private static MockHttpServletResponse preflight(CorsConfigurationSource source, String origin) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/relationships");
        request.setServerName("ledger.internal");
        request.addHeader("Origin", origin);
        request.addHeader("Access-Control-Request-Method", "POST");
        request.addHeader("Access-Control-Request-Headers", "authorization, content-type");
        MockHttpServletResponse response = new MockHttpServletResponse();
        new DefaultCorsProcessor().processRequest(source.getCorsConfiguration(request), request, response);
        return response;
    }
}
