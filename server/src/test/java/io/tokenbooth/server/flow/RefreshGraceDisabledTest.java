package io.tokenbooth.server.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code tokens.refresh-reuse-grace: 0s}: no retry window, every repeat of a spent token is a replay (RFC 9700 §4.14.2). */
class RefreshGraceDisabledTest {
    private static final String PASSWORD = "correct horse battery staple";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("tokens.refresh-reuse-grace", "0s");

    private String login() {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, PASSWORD);
        return app.server().login(name, PASSWORD).text("refresh_token");
    }

    @Test
    void refreshWhenGraceZeroAndSpentTokenRepeatedAtOnceThenFamilyRevoked() {
        String first = login();
        String second = app.server().refresh(first).text("refresh_token");
        assertThat(app.server().refresh(first).text("error")).isEqualTo("invalid_grant");
        assertThat(app.server().refresh(second).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void refreshWhenGraceZeroAndConcurrentWithSameTokenThenExactlyOneWins() throws Exception {
        String token = login();
        List<TestServer.Response> answers = Race.of(8, () -> app.server().refresh(token));
        assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(answers).filteredOn(r -> r.status() == 400).hasSize(7);
    }
}
