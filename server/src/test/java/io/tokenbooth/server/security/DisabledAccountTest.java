package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Disabled accounts (decisions.md "Login errors"): no login, no refresh, no /me with earlier tokens. H2 only. */
class DisabledAccountTest {
    private static final String PASSWORD = "granite-willow-ember-5";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private record Session(String access, String refresh) {
    }

    private Session loggedIn(String name) {
        TestServer.Response login = app.server().login(name, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new Session(login.text("access_token"), login.text("refresh_token"));
    }

    private TestServer.Response me(String access) {
        return app.server().get("/api/v1/me", "Authorization", "Bearer " + access);
    }

    @Test
    void loginWhenDisabledWithRightPasswordThen403AccessDenied() {
        app.server().signup("dora_off", PASSWORD);
        app.server().tokenbooth().services().accounts.setDisabled("dora_off", true);
        TestServer.Response r = app.server().login("dora_off", PASSWORD);
        Answers.assertError(r, 403, "access_denied");
        assertThat(r.body()).doesNotContain("access_token");
    }

    @Test
    void loginWhenDisabledWithWrongPasswordThenSameAsAnyWrongPassword() {
        app.server().signup("dora_quiet", PASSWORD);
        app.server().signup("dora_active", PASSWORD);
        app.server().tokenbooth().services().accounts.setDisabled("dora_quiet", true);
        TestServer.Response disabled = app.server().login("dora_quiet", PASSWORD + "x");
        TestServer.Response active = app.server().login("dora_active", PASSWORD + "x");
        Answers.assertError(disabled, 400, "invalid_grant");
        assertThat(disabled.body()).isEqualTo(active.body());
    }

    @Test
    void refreshWhenAccountDisabledAfterIssueThenInvalidGrant() {
        app.server().signup("dora_refresh", PASSWORD);
        Session s = loggedIn("dora_refresh");
        assertThat(app.server().refresh(s.refresh()).status()).as("control: refresh works before").isEqualTo(200);
        Session fresh = loggedIn("dora_refresh");
        app.server().tokenbooth().services().accounts.setDisabled("dora_refresh", true);
        Answers.assertError(app.server().refresh(fresh.refresh()), 400, "invalid_grant");
    }

    @Test
    void meWhenAccountDisabledAfterIssueThen401() {
        app.server().signup("dora_me", PASSWORD);
        Session s = loggedIn("dora_me");
        assertThat(me(s.access()).status()).as("control: /me works before").isEqualTo(200);
        app.server().tokenbooth().services().accounts.setDisabled("dora_me", true);
        TestServer.Response r = me(s.access());
        Answers.assertError(r, 401, "invalid_token");
        assertThat(r.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
    }

    @Test
    void reEnableWhenDoneThenLoginWorksButOldRefreshTokensStayRevoked() {
        app.server().signup("dora_back", PASSWORD);
        Session before = loggedIn("dora_back");
        app.server().tokenbooth().services().accounts.setDisabled("dora_back", true);
        app.server().tokenbooth().services().accounts.setDisabled("dora_back", false);
        Session after = loggedIn("dora_back");
        assertThat(me(after.access()).status()).isEqualTo(200);
        Answers.assertError(app.server().refresh(before.refresh()), 400, "invalid_grant");
        assertThat(app.server().refresh(after.refresh()).status()).isEqualTo(200);
    }
}
