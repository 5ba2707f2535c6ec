package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sign-up and refresh buckets count an IPv6 client by its /64, as the password budget does: one host holds a
 * whole /64, so rotating addresses inside it must not reset a bucket. X-Forwarded-For is trusted here so each test
 * can name its sources; the buckets live in memory, so H2 only.
 */
class Ipv6SourceBudgetTest {
    private static final String PASSWORD = "orchid-lantern-basalt-7";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2()
            .set("http.trust-forwarded-for", "true")
            .set("rate-limit.signup-per-ip", "2")
            .set("rate-limit.refresh-per-ip", "2");

    private static TestServer.Response signup(String username, String source) {
        return app.server().postJson("/api/v1/signup",
                TestServer.json(Map.of("username", username, "password", PASSWORD)), "X-Forwarded-For", source);
    }

    private static TestServer.Response refresh(String source) {
        return app.server().postJson("/api/v1/refresh", TestServer.json(Map.of("refresh_token", "not-a-token")),
                "X-Forwarded-For", source);
    }

    @Test
    void signupWhenIpv6AddressesRotateWithinOne64ThenTheyShareOneBucket() {
        assertThat(signup("six_a", "2001:db8:5:5::1").status()).isEqualTo(201);
        assertThat(signup("six_b", "2001:db8:5:5::2").status()).isEqualTo(201);
        Answers.assertError(signup("six_c", "2001:db8:5:5:ffff::9"), 429, null);
        // Another /64 has its own bucket.
        assertThat(signup("six_d", "2001:db8:5:6::1").status()).isEqualTo(201);
    }

    @Test
    void refreshWhenIpv6AddressesRotateWithinOne64ThenTheyShareOneBucket() {
        Answers.assertError(refresh("2001:db8:7:7::1"), 400, "invalid_grant");
        Answers.assertError(refresh("2001:db8:7:7::2"), 400, "invalid_grant");
        Answers.assertError(refresh("2001:db8:7:7:abcd::3"), 429, null);
        Answers.assertError(refresh("2001:db8:7:8::1"), 400, "invalid_grant");
    }
}
