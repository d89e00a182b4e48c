package dev.relationshipledger.support.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;

/**
 * Requests Tomcat refuses before any servlet sees them (a malformed escape or invalid UTF-8 in the path, an encoded
 * slash, a method such as TRACE with a body) are answered by Tomcat's error report valve, by default with an HTML
 * page. This one answers with the same application/problem+json shape as every other refusal.
 */
@Component
public class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemValve.class.getName());
            }
        });
    }

    /** Tomcat's error report, as a problem. */
    public static class ProblemValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            boolean ours = status >= 500;
            String body = "{\"type\":\"urn:relationship-ledger:problem:" + (ours ? "internal" : "request-rejected")
                    + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                    + (ours ? "the request could not be completed" : "the request was rejected: " + title) + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone; nothing more to say
            }
        }
    }
}
