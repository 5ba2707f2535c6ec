package io.tokenbooth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, defect 7: a database that cannot be reached fails the start at once, and the first line on standard error
 * names the real cause (refused, unknown host, no such database or role), not the pool's or Flyway's wrapper after
 * a 30 s wait, nor a stack trace.
 */
class DatabaseUnreachableTest {
    @TempDir
    Path tmp;

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String firstLineOfFailure(String... args) {
        Instant start = Instant.now();
        Cli.Result r = Cli.run(args);
        assertThat(Duration.between(start, Instant.now())).as(r.toString()).isLessThan(Duration.ofSeconds(15));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).doesNotContain("\tat ").doesNotContain("Hikari")
                .doesNotContain("tokenbooth-migrations").doesNotContain("timed out");
        String first = r.err().lines().findFirst().orElse("");
        assertThat(first).as(r.toString()).startsWith("error: cannot connect to the database jdbc:postgresql://");
        return first;
    }

    @Test
    void migrateWhenPortClosedThenFirstLineSaysRefused() throws Exception {
        String first = firstLineOfFailure("migrate", "--db",
                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/tokenbooth?user=postgres&password=s3cret");
        assertThat(first).contains("refused").doesNotContain("s3cret");
    }

    @Test
    void serveWhenPortClosedThenFirstLineSaysRefused() throws Exception {
        Path yml = tmp.resolve("tokenbooth.yml");
        Files.writeString(yml, "master-key: " + Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'D') + "\n");
        String first = firstLineOfFailure("serve", "--port", "0", "--config", yml.toString(), "--db",
                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/tokenbooth?user=postgres");
        assertThat(first).contains("refused");
    }

    @Test
    void migrateWhenHostUnknownThenFirstLineSaysSo() {
        String first = firstLineOfFailure("migrate", "--db",
                "jdbc:postgresql://no-such-host.invalid:5432/tokenbooth?user=postgres");
        assertThat(first).contains("unknown host no-such-host.invalid");
    }

    @Test
    void migrateWhenDatabaseOrRoleDoesNotExistThenFirstLineSaysWhich() {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            String noDatabase = db.jdbcUrl().replace(db.pgName(), "no_such_database_" + db.pgName());
            assertThat(firstLineOfFailure("migrate", "--db", noDatabase))
                    .contains("database \"no_such_database_" + db.pgName() + "\" does not exist");
            String noRole = db.jdbcUrl().replaceFirst("user=[^&]*", "user=no_such_role");
            assertThat(firstLineOfFailure("migrate", "--db", noRole)).contains("no_such_role");
        }
    }
}
