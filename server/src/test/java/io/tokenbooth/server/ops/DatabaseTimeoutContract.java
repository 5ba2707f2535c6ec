package io.tokenbooth.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request whose statement is held up (here: another connection holds the row lock a refresh needs) is cut off by
 * the statement or lock timeout and answered 503 with Retry-After, instead of holding its pooled connection and its
 * caller until the lock goes; once the lock is released the server serves normally. Run on H2 and PostgreSQL.
 */
abstract class DatabaseTimeoutContract {
    private static final String PASSWORD = "correct horse battery staple";
    /** Far below "until the lock is released" (the test holds it for as long as the request takes). */
    private static final Duration PROMPT = Duration.ofSeconds(6);

    private final TestDatabase.Kind kind;
    private TestDatabase db;
    private TestServer server;

    DatabaseTimeoutContract(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    String startAndLogIn(String statementTimeout, String lockTimeout) {
        db = TestDatabase.create(kind);
        server = TestServer.builder(db).set("db-statement-timeout", statementTimeout)
                .set("db-lock-timeout", lockTimeout).start();
        server.signup("timeout-user", PASSWORD);
        TestServer.Response login = server.login("timeout-user", PASSWORD);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login.text("refresh_token");
    }

    /** A connection of the test's own, outside the server's pool, that locks every refresh token row. */
    private Connection lockRefreshTokens() throws SQLException {
        Connection c = kind == TestDatabase.Kind.H2 ? DriverManager.getConnection(db.jdbcUrl(), "sa", "")
                : DriverManager.getConnection(db.jdbcUrl());
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("select * from refresh_tokens for update");
        }
        return c;
    }

    void assertHeldRefreshAnswered503ThenServedAfterRelease(String refreshToken) throws SQLException {
        TestServer.Response held;
        long took;
        try (Connection lock = lockRefreshTokens()) {
            long start = System.nanoTime();
            held = server.refresh(refreshToken);
            took = System.nanoTime() - start;
            lock.rollback();
        }
        assertThat(held.status()).as("%s", held).isEqualTo(503);
        assertThat(held.text("error")).isEqualTo("temporarily_unavailable");
        assertThat(held.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(Duration.ofNanos(took)).isLessThan(PROMPT);
        TestServer.Response after = server.refresh(refreshToken);
        assertThat(after.status()).as("%s", after).isEqualTo(200);
        assertThat(after.text("refresh_token")).isNotBlank();
    }

    @Test
    void refreshWhenRowLockHeldPastLockTimeoutThen503WithRetryAfterAndServedAfterRelease() throws SQLException {
        // The statement timeout is long: only the lock timeout can answer within PROMPT.
        String refreshToken = startAndLogIn("30s", "1s");
        assertHeldRefreshAnswered503ThenServedAfterRelease(refreshToken);
    }
}
