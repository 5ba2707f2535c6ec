package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Disabled accounts (decisions.md "Login errors"): no login, no refresh, no /me with earlier tokens. H2 only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisabledAccountTest {
    private static final String PASSWORD = "granite-willow-ember-5";

    private TestDatabase db;
    private TestServer server;

    @BeforeAll
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        server = TestServer.builder(db).start();
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

    private record Session(String access, String refresh) {
    }

    private Session loggedIn(String name) {
        TestServer.Response login = server.login(name, PASSWORD);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new Session(login.text("access_token"), login.text("refresh_token"));
    }

    private TestServer.Response me(String access) {
        return server.get("/api/v1/me", "Authorization", "Bearer " + access);
    }

    @Test
    void loginWhenDisabledWithRightPasswordThen403AccessDenied() {
        server.signup("dora_off", PASSWORD);
        server.tokenbooth().services().accounts.setDisabled("dora_off", true);
        TestServer.Response r = server.login("dora_off", PASSWORD);
        Answers.assertError(r, 403, "access_denied");
        assertThat(r.body()).doesNotContain("access_token");
    }

    @Test
    void loginWhenDisabledWithWrongPasswordThenSameAsAnyWrongPassword() {
        server.signup("dora_quiet", PASSWORD);
        server.signup("dora_active", PASSWORD);
        server.tokenbooth().services().accounts.setDisabled("dora_quiet", true);
        TestServer.Response disabled = server.login("dora_quiet", PASSWORD + "x");
        TestServer.Response active = server.login("dora_active", PASSWORD + "x");
        Answers.assertError(disabled, 400, "invalid_grant");
        assertThat(disabled.body()).isEqualTo(active.body());
    }

    @Test
    void refreshWhenAccountDisabledAfterIssueThenInvalidGrant() {
        server.signup("dora_refresh", PASSWORD);
        Session s = loggedIn("dora_refresh");
        assertThat(server.refresh(s.refresh()).status()).as("control: refresh works before").isEqualTo(200);
        Session fresh = loggedIn("dora_refresh");
        server.tokenbooth().services().accounts.setDisabled("dora_refresh", true);
        Answers.assertError(server.refresh(fresh.refresh()), 400, "invalid_grant");
    }

    @Test
    void meWhenAccountDisabledAfterIssueThen401() {
        server.signup("dora_me", PASSWORD);
        Session s = loggedIn("dora_me");
        assertThat(me(s.access()).status()).as("control: /me works before").isEqualTo(200);
        server.tokenbooth().services().accounts.setDisabled("dora_me", true);
        TestServer.Response r = me(s.access());
        Answers.assertError(r, 401, "invalid_token");
        assertThat(r.header("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
    }

    @Test
    void reEnableWhenDoneThenLoginWorksButOldRefreshTokensStayRevoked() {
        server.signup("dora_back", PASSWORD);
        Session before = loggedIn("dora_back");
        server.tokenbooth().services().accounts.setDisabled("dora_back", true);
        server.tokenbooth().services().accounts.setDisabled("dora_back", false);
        Session after = loggedIn("dora_back");
        assertThat(me(after.access()).status()).isEqualTo(200);
        Answers.assertError(server.refresh(before.refresh()), 400, "invalid_grant");
        assertThat(server.refresh(after.refresh()).status()).isEqualTo(200);
    }
}
