package io.tokenbooth.server.oauth.authorize;

import static io.tokenbooth.server.oauth.authorize.Browser.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An anonymous GET of {@code /oauth2/authorize} stores a row (issue 6), so a flood of distinct requests from one
 * source is bounded: past {@code rate-limit.authorize-per-ip} it gets a 429 page with Retry-After and stores
 * nothing; requests answered at once are neither stored nor counted. On H2.
 */
class H2PendingAuthorizationFloodTest {
    private static final int PER_MINUTE = 5;

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("rate-limit.authorize-per-ip", Integer.toString(PER_MINUTE));

    private int pendingRows() {
        return PendingRequests.rows(app.server());
    }

    @Test
    void authorizeWhenOneSourceFloodsWithDistinctRequestsThenBoundedRowsAnd429Page() {
        TestServer server = app.server();
        Client client = TestClients.on(server).register();
        int pages = 0;
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            // No cookies kept: every request is a new browser, as a flood would be.
            TestServer.Response r = server.get("/oauth2/authorize?" + AuthorizeUrl.valid(server, client).query(),
                    "Accept-Language", "ko");
            if (r.status() == 200) {
                pages++;
            } else {
                assertThat(r.status()).isEqualTo(429);
                assertThat(r.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
                assertThat(r.header("Location")).isEmpty();
                assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/html");
                assertThat(r.body()).contains("로그인 요청이 너무 많습니다").contains("slow_down");
                assertThat(r.header("Set-Cookie").orElse("")).doesNotContain("tokenbooth_authz");
                refused++;
            }
        }
        assertThat(pages).isEqualTo(PER_MINUTE);
        assertThat(refused).isEqualTo(45);
        assertThat(pendingRows()).isEqualTo(PER_MINUTE);

        // Answered at once (prompt=none without a session): neither stored nor refused.
        TestServer.Response silent = server.get("/oauth2/authorize?"
                + AuthorizeUrl.valid(server, client).set("prompt", "none").query());
        assertThat(silent.status()).isEqualTo(302);
        assertThat(silent.header("Location").orElseThrow()).contains("error=login_required");
        assertThat(pendingRows()).isEqualTo(PER_MINUTE);

        // The budget refills with time, and housekeeping purges what expired.
        server.clock.advance(Duration.ofMinutes(11));
        try (Browser browser = new Browser()) {
            assertThat(status(browser.get(AuthorizeUrl.valid(server, client).url()))).isEqualTo(200);
        }
        assertThat(server.tokenbooth().services().retention.purge(server.clock.instant())
                .get("pending_authorizations")).isEqualTo(PER_MINUTE);
        assertThat(pendingRows()).isEqualTo(1);
    }
}
