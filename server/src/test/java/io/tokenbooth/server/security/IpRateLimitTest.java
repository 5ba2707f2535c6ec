package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The per-address token buckets (checklist item 20): {@code rate-limit.login-per-ip=5} and
 * {@code rate-limit.signup-per-ip=3}. Buckets live in memory, so H2 only. The server does not trust
 * X-Forwarded-For (the default), so the header cannot reset a bucket. Sign-ups are set up through the account
 * service so they do not spend the sign-up bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpRateLimitTest {
    private static final String PASSWORD = "harbor-nectar-zephyr-12";

    private TestDatabase db;
    private TestServer server;

    @BeforeAll
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        server = TestServer.builder(db)
                .set("rate-limit.login-per-ip", "5")
                .set("rate-limit.signup-per-ip", "3")
                .set("rate-limit.account-free-failures", "1000")
                .start();
        server.tokenbooth().services().accounts.signup("ira", PASSWORD, java.util.Optional.empty());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void loginWhenSixthInBurstFromOneAddressThen429WithRetryAfter() {
        // Different usernames and spoofed X-Forwarded-For values: the bucket is per address, not per name or header.
        for (int i = 0; i < 5; i++) {
            TestServer.Response r = server.postJson("/api/v1/login",
                    TestServer.json(Map.of("username", "ira_" + i, "password", PASSWORD)),
                    "X-Forwarded-For", "198.51.100." + i);
            assertThat(r.status()).as("attempt " + (i + 1) + ": " + r).isEqualTo(400);
        }
        TestServer.Response sixth = server.postJson("/api/v1/login",
                TestServer.json(Map.of("username", "ira", "password", PASSWORD)), "X-Forwarded-For", "203.0.113.9");
        Answers.assertError(sixth, 429, null);
        assertThat(Long.parseLong(sixth.header("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
        assertThat(sixth.body()).doesNotContain("access_token");
    }

    @Test
    void signupWhenFourthInBurstFromOneAddressThen429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            TestServer.Response r = server.postJson("/api/v1/signup",
                    TestServer.json(Map.of("username", "ira_new_" + i, "password", PASSWORD)));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        TestServer.Response fourth = server.postJson("/api/v1/signup",
                TestServer.json(Map.of("username", "ira_new_3", "password", PASSWORD)));
        Answers.assertError(fourth, 429, null);
        assertThat(Long.parseLong(fourth.header("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
        assertThat(server.tokenbooth().services().accounts.find("ira_new_3")).isEmpty();
    }
}
