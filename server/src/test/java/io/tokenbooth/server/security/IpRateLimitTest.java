package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-address token buckets (checklist item 20): {@code rate-limit.login-per-ip=5} and
 * {@code rate-limit.signup-per-ip=3}. Buckets live in memory, so H2 only. The server does not trust
 * X-Forwarded-For (the default), so the header cannot reset a bucket. Sign-ups are set up through the account
 * service so they do not spend the sign-up bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpRateLimitTest {
    private static final String PASSWORD = "harbor-nectar-zephyr-12";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2()
            .set("rate-limit.login-per-ip", "5")
            .set("rate-limit.signup-per-ip", "3")
            .set("rate-limit.account-free-failures", "1000");

    @BeforeAll
    void start() {
        app.server().tokenbooth().services().accounts.signup("ira", PASSWORD, java.util.Optional.empty());
    }

    @Test
    void loginWhenSixthInBurstFromOneAddressThen429WithRetryAfter() {
        // Different usernames and spoofed X-Forwarded-For values: the bucket is per address, not per name or header.
        for (int i = 0; i < 5; i++) {
            TestServer.Response r = app.server().postJson("/api/v1/login",
                    TestServer.json(Map.of("username", "ira_" + i, "password", PASSWORD)),
                    "X-Forwarded-For", "198.51.100." + i);
            assertThat(r.status()).as("attempt " + (i + 1) + ": " + r).isEqualTo(400);
        }
        TestServer.Response sixth = app.server().postJson("/api/v1/login",
                TestServer.json(Map.of("username", "ira", "password", PASSWORD)), "X-Forwarded-For", "203.0.113.9");
        Answers.assertError(sixth, 429, null);
        assertThat(Long.parseLong(sixth.header("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
        assertThat(sixth.body()).doesNotContain("access_token");
    }

    @Test
    void signupWhenFourthInBurstFromOneAddressThen429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            TestServer.Response r = app.server().postJson("/api/v1/signup",
                    TestServer.json(Map.of("username", "ira_new_" + i, "password", PASSWORD)));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        TestServer.Response fourth = app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", "ira_new_3", "password", PASSWORD)));
        Answers.assertError(fourth, 429, null);
        assertThat(Long.parseLong(fourth.header("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
        assertThat(app.server().tokenbooth().services().accounts.find("ira_new_3")).isEmpty();
    }
}
