package io.tokenbooth.server.token.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.MutableClock;
import io.tokenbooth.server.testing.RunningServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lists roll over per time window (an hour) and are purged by {@code Retention} once every token they cover has
 * expired, so the lists follow the live tokens, not history.
 */
class StatusListRolloverTest {
    /**
     * Five minutes into an hour (lists follow UTC hours): started at an arbitrary minute, the second list's window could
     * end before the purge below and the test would depend on the time of day.
     */
    private static final MutableClock CLOCK = new MutableClock(
            Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(5)));
    @RegisterExtension
    static final RunningServer app = RunningServer.h2().clock(CLOCK);

    @Test
    void listsWhenWindowEndsThenNewListAndOldOnePurgedOnceItsTokensExpired() throws Exception {
        OAuthTestKit kit = new OAuthTestKit(app.server());
        RegisteredClient cc = kit.client("cc").grants("client_credentials").register();
        var services = app.server().tokenbooth().services();
        TokenStatusListContract.Ref first = TokenStatusListContract.ref(
                kit.token(cc, "grant_type", "client_credentials").text("access_token"));
        CLOCK.advance(Duration.ofMinutes(61));
        TokenStatusListContract.Ref second = TokenStatusListContract.ref(
                kit.token(cc, "grant_type", "client_credentials").text("access_token"));
        assertThat(second.uri()).as("a new window, a new list").isNotEqualTo(first.uri());
        String firstPath = first.uri().substring(first.uri().indexOf("/statuslists/"));
        String secondPath = second.uri().substring(second.uri().indexOf("/statuslists/"));
        services.statusLists.refresh();
        assertThat(app.server().get(firstPath).status()).isEqualTo(200);

        // Before every token of the first list has expired (plus an hour): kept.
        Map<String, Integer> kept = services.retention.purge(CLOCK.instant());
        assertThat(kept.get("status_lists")).isZero();
        // The first window ended 1 h ago at most; its tokens live 10 min (+ skew); the list goes an hour after that.
        CLOCK.advance(Duration.ofMinutes(75));
        Map<String, Integer> purged = services.retention.purge(CLOCK.instant());
        assertThat(purged.get("status_lists")).isEqualTo(1);
        services.statusLists.refresh();
        assertThat(app.server().get(firstPath).status()).isEqualTo(404);
        assertThat(app.server().get(secondPath).status()).isEqualTo(200);
    }
}
