package dev.relationshipledger.deploy.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** S7's server times: the query side's access-log lines of the measured window, by kind of request. */
class ServerTimesTest {

    @TempDir
    Path directory;

    @Test
    void takesTheStatusAndAuditRequestsThatBeganInsideTheWindow() throws Exception {
        ServerTimes times = new ServerTimes(directory);
        assertThat(times.queryProperties()).containsEntry("server.tomcat.accesslog.directory", directory.toString())
                .containsEntry("server.tomcat.accesslog.prefix", "query-access");
        // began (epoch ms), time in Tomcat (µs), path; as Tomcat writes them with the pattern above
        Files.write(directory.resolve("query-access.2026-12-01.log"), List.of(
                "999 90000 /relationships/r-1",
                "1000 1500 /relationships/r-1",
                "1500 2500 /audit",
                "1999 3500 /relationships/r-2",
                "1999 4500 /audit/export.csv",
                "2000 70000 /audit"));
        Files.write(directory.resolve("other.log"), List.of("1500 80000 /audit"));

        ServerTimes.Result result = times.within(new OpenLoop.Window(1000, 2000));

        assertThat(result.status().getTotalCount()).isEqualTo(2);
        assertThat(result.status().getMaxValue()).isBetween(3490L, 3510L);
        assertThat(result.audit().getTotalCount()).isEqualTo(1);
        assertThat(result.audit().getMaxValue()).isBetween(2490L, 2510L);
    }
}
