package dev.relationshipledger.command;

import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The command side as it runs, on a real PostgreSQL (its own fresh database), over real HTTP. Subclasses share one
 * application context and so one database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + CommandSideApplication.CONFIG_NAME, TestUsers.CONFIG_IMPORT})
public abstract class CommandSideTest {

    protected static final String DATABASE_URL = TestPostgres.freshDatabase("command_side");

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.flyway.user", () -> TestPostgres.SUPERUSER);
    }

    protected LedgerHttp http() {
        return new LedgerHttp(port);
    }
}
