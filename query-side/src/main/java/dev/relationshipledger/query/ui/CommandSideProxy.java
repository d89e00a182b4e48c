package dev.relationshipledger.query.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.kernel.id.NegotiationId;
import dev.relationshipledger.query.web.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.UUID;

/**
 * The two command-side reads the workspace offers, called on the logged-in user's behalf with their own
 * credentials (the command side decides, as for any client): {@code GET /chain/verification} and
 * {@code GET /evidence/negotiations/{id}}. Not an open proxy: only these two paths, only GET, and only to
 * {@code ledger.ui.command-side-url}. The command side's status, type and body are passed on unchanged (a 404 means
 * it does not offer the resource; the page says so); an unreachable command side is a 502 problem.
 */
@RestController
@RequestMapping("/ui/api/command")
@Hidden
public class CommandSideProxy {

    private static final Logger log = LoggerFactory.getLogger(CommandSideProxy.class);
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Content-Disposition", "Content-Length",
            "Retry-After");

    private final UiProperties properties;
    private final ObjectMapper json;
    private final HttpClient client;

    public CommandSideProxy(UiProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(properties.commandSideTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @GetMapping("/chain/verification")
    public void verification(Authentication user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String query = request.getQueryString();
        forward("/chain/verification" + (query == null ? "" : "?" + query), "application/json", user, request, response);
    }

    @GetMapping("/evidence/negotiations/{negotiationId}")
    public void evidence(@PathVariable NegotiationId negotiationId, Authentication user, HttpServletRequest request,
                         HttpServletResponse response) throws IOException {
        forward("/evidence/negotiations/" + negotiationId, "application/zip, application/problem+json", user, request,
                response);
    }

    private void forward(String path, String accept, Authentication user, HttpServletRequest request,
                         HttpServletResponse response) throws IOException {
        if (!properties.callsCommandSide()) {
            Problems.write(request, response, json, Problems.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "command-side-not-configured", "Command side not configured",
                    "this workspace is not connected to the command side (ledger.ui.command-side-url is not set)"));
            return;
        }
        String authorization = CommandSideCredentials.basicAuthorization(request, user.getName());
        if (authorization == null) {
            Problems.write(request, response, json, Problems.problem(HttpStatus.UNAUTHORIZED, "log-in-again",
                    "Log in again", "the command side needs your password; log out and in again"));
            return;
        }
        HttpRequest call = HttpRequest.newBuilder(URI.create(properties.commandSideUrl() + path))
                .timeout(properties.commandSideTimeout())
                .header("Authorization", authorization)
                .header("Accept", accept)
                .header("X-Correlation-Id", "web-workspace-" + UUID.randomUUID())
                .GET().build();
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(call, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            Problems.write(request, response, json, Problems.problem(HttpStatus.GATEWAY_TIMEOUT,
                    "command-side-timeout", "Command side did not answer",
                    "the command side did not answer within " + properties.commandSideTimeout()));
            return;
        } catch (IOException e) {
            log.warn("command side unreachable at {}: {}", properties.commandSideUrl(), e.toString());
            Problems.write(request, response, json, Problems.problem(HttpStatus.BAD_GATEWAY,
                    "command-side-unreachable", "Command side unreachable",
                    "the command side could not be reached"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the command side", e);
        }
        response.setStatus(answer.statusCode());
        for (String header : PASSED_HEADERS) {
            answer.headers().firstValue(header).ifPresent(value -> response.setHeader(header, value));
        }
        response.setHeader("Cache-Control", "no-store");
        try (InputStream body = answer.body()) {
            body.transferTo(response.getOutputStream());
        }
    }
}
