package dev.relationshipledger.query;

import dev.relationshipledger.support.LedgerSpringSupport;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The read side: tails the event store, keeps the read models (projections) in its own schema and serves them.
 * Its configuration file is {@code query-side.yml}, so that it can share one JVM with the command side.
 */
@SpringBootApplication
@Import(LedgerSpringSupport.class)
public class QuerySideApplication {

    public static final String CONFIG_NAME = "query-side";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        builder().run(args);
    }
}
