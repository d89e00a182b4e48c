package dev.relationshipledger.command;

import dev.relationshipledger.support.LedgerSpringSupport;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The write side: takes commands over HTTP, enforces the business rules in the aggregates and appends events to
 * the PostgreSQL event store. Its configuration file is {@code command-side.yml} (not {@code application.yml}) so
 * that it can share one JVM with the query side in the embedded default.
 */
@SpringBootApplication
@Import(LedgerSpringSupport.class)
public class CommandSideApplication {

    public static final String CONFIG_NAME = "command-side";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CommandSideApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        builder().run(args);
    }
}
