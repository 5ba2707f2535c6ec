package io.tokenbooth.server.token.status;

import static io.tokenbooth.server.oauth.OAuthTestKit.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A refused refresh takes no status index (issue 7): the index reserved for the new access token before the rotation
 * is given back when the rotation is refused, so the next token gets it. Probed by the index of a client_credentials
 * token taken just before and just after each refusal: consecutive when nothing was wasted.
 */
class RefusedRefreshIndexTest {
    /** Five minutes into an hour, so that the two-minute jump below stays in one list's window. */
    private static final MutableClock CLOCK = new MutableClock(
            Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(5)));
    @RegisterExtension
    static final RunningServer app = RunningServer.h2().clock(CLOCK)
            .set("tokens.refresh-reuse-grace", "0s")
            .set("tokens.refresh-idle-ttl", "1m");

    private OAuthTestKit kit;
    private RegisteredClient cc;

    @Test
    void refreshWhenRefusedThenTheAllocatorDoesNotAdvance() throws Exception {
        kit = new OAuthTestKit(app.server());
        cc = kit.client("cc").grants("client_credentials").register();
        TestServer server = app.server();

        assertRefusedWithoutIndex("unknown token", () -> server.refresh("not-a-refresh-token"));

        JsonNode first = login();
        JsonNode rotated = server.refresh(first.get("refresh_token").asText()).json();
        assertRefusedWithoutIndex("reused token", () -> server.refresh(first.get("refresh_token").asText()));

        JsonNode second = login();
        String secondRefresh = second.get("refresh_token").asText();
        assertThat(server.postJson("/api/v1/logout", TestServer.json(Map.of("refresh_token", secondRefresh)))
                .status()).isIn(200, 204);
        assertRefusedWithoutIndex("revoked family", () -> server.refresh(secondRefresh));

        String name = "rr_" + UUID.randomUUID().toString().substring(0, 8);
        kit.newAccountNamed(name);
        String disabledRefresh = server.login(name, PASSWORD).json().get("refresh_token").asText();
        server.tokenbooth().services().accounts.setDisabled(name, true);
        assertRefusedWithoutIndex("disabled account", () -> server.refresh(disabledRefresh));

        String idle = login().get("refresh_token").asText();
        CLOCK.advance(Duration.ofMinutes(2));
        assertRefusedWithoutIndex("expired token", () -> server.refresh(idle));

        assertThat(rotated.get("access_token").asText()).as("a granted refresh still mints").isNotBlank();
    }

    private void assertRefusedWithoutIndex(String what, java.util.function.Supplier<TestServer.Response> refusal)
            throws Exception {
        TokenStatusListContract.Ref before = probe();
        TestServer.Response r = refusal.get();
        assertThat(r.status()).as(what + ": " + r).isEqualTo(400);
        assertThat(r.text("error")).as(what).isEqualTo("invalid_grant");
        TokenStatusListContract.Ref after = probe();
        assertThat(after).as(what + ": the next token takes the very next index")
                .isEqualTo(new TokenStatusListContract.Ref(before.uri(), before.idx() + 1));
    }

    private TokenStatusListContract.Ref probe() throws Exception {
        TestServer.Response r = kit.token(cc, "grant_type", "client_credentials");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return TokenStatusListContract.ref(r.text("access_token"));
    }

    private JsonNode login() {
        String name = "rr_" + UUID.randomUUID().toString().substring(0, 8);
        kit.newAccountNamed(name);
        TestServer.Response r = app.server().login(name, PASSWORD);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
