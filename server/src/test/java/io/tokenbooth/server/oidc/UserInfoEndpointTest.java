package io.tokenbooth.server.oidc;

import static io.tokenbooth.server.oauth.OAuthTestKit.assertError;
import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET}/{@code POST /oauth2/userinfo} (OIDC Core §5.3, RFC 6750 §2 and §3). H2 only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserInfoEndpointTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private RegisteredClient web;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.client("web").scopes("openid", "profile", "email", "offline_access", "orders").register();
    }

    private record Login(String username, String accountId) {
    }

    private Login account(boolean withEmail) {
        String name = "ui_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> body = withEmail
                ? Map.of("username", name, "password", OAuthTestKit.PASSWORD, "email", name + "@example.com")
                : Map.of("username", name, "password", OAuthTestKit.PASSWORD);
        TestServer.Response r = app.server().postJson("/api/v1/signup", TestServer.json(body));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Login(name, r.text("id"));
    }

    private String accessToken(String accountId, String scope) {
        return kit.exchange(web, kit.code(web, accountId).scope(scope).create()).text("access_token");
    }

    private static void assertBearerChallenge(TestServer.Response r, String error) {
        assertThat(r.header("WWW-Authenticate")).as(r.toString())
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer").contains("error=\"" + error + "\""));
    }

    @Test
    void userInfoWhenGetWithAllScopesThenClaimsAndNoStore() {
        Login login = account(true);
        TestServer.Response r = kit.userInfo(accessToken(login.accountId(), "openid profile email"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode j = r.json();
        assertThat(j.get("sub").asText()).isEqualTo(login.accountId());
        assertThat(j.get("preferred_username").asText()).isEqualTo(login.username());
        assertThat(j.get("name").asText()).isEqualTo(login.username());
        assertThat(j.get("email").asText()).isEqualTo(login.username() + "@example.com");
        assertThat(j.get("email_verified").asBoolean()).isFalse();
    }

    @Test
    void userInfoWhenOnlyOpenidThenSubOnly() {
        Login login = account(true);
        JsonNode j = kit.userInfo(accessToken(login.accountId(), "openid")).json();
        assertThat(j.size()).isEqualTo(1);
        assertThat(j.get("sub").asText()).isEqualTo(login.accountId());
    }

    @Test
    void userInfoWhenEmailScopeButNoEmailThenNoEmailClaims() {
        JsonNode j = kit.userInfo(accessToken(account(false).accountId(), "openid email")).json();
        assertThat(j.has("email")).isFalse();
        assertThat(j.has("email_verified")).isFalse();
    }

    @Test
    void userInfoWhenPostWithHeaderOrFormBodyThenClaims() {
        Login login = account(false);
        String access = accessToken(login.accountId(), "openid profile");
        TestServer.Response header = app.server().send(
                HttpRequest.newBuilder(URI.create(app.server().url("/oauth2/userinfo")))
                .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", "Bearer " + access);
        assertThat(header.status()).as(header.toString()).isEqualTo(200);
        assertThat(header.text("preferred_username")).isEqualTo(login.username());
        TestServer.Response body = kit.post("/oauth2/userinfo", form("access_token", access));
        assertThat(body.status()).as(body.toString()).isEqualTo(200);
        assertThat(body.text("sub")).isEqualTo(login.accountId());
    }

    @Test
    void userInfoWhenTokenSentTwoWaysThenInvalidRequest() {
        String access = accessToken(account(false).accountId(), "openid");
        assertError(kit.post("/oauth2/userinfo", form("access_token", access), "Authorization", "Bearer " + access),
                400, "invalid_request");
    }

    @Test
    void userInfoWhenTokenOnlyInQueryThenInvalidToken() {
        String access = accessToken(account(false).accountId(), "openid");
        TestServer.Response r = app.server().get("/oauth2/userinfo?access_token=" + access);
        assertError(r, 401, "invalid_token");
        // RFC 6750 §3.1: a method the server does not support counts as no credentials: no error code.
        assertThat(r.header("WWW-Authenticate")).contains("Bearer realm=\"tokenbooth\"");
    }

    @Test
    void userInfoWhenNoOrMalformedTokenThenInvalidTokenWithChallenge() {
        TestServer.Response none = app.server().get("/oauth2/userinfo");
        assertError(none, 401, "invalid_token");
        assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"tokenbooth\""); // RFC 6750 §3.1
        TestServer.Response garbage = kit.userInfo("garbage");
        assertError(garbage, 401, "invalid_token");
        assertBearerChallenge(garbage, "invalid_token");
    }

    @Test
    void userInfoWhenNoOpenidScopeThenInsufficientScope() {
        TestServer.Response r = kit.userInfo(accessToken(account(false).accountId(), "profile orders"));
        assertError(r, 403, "insufficient_scope");
        assertBearerChallenge(r, "insufficient_scope");
        RegisteredClient svc = kit.client("svc").redirects().grants("client_credentials").scopes("orders").register();
        assertError(kit.userInfo(kit.token(svc, "grant_type", "client_credentials").text("access_token")),
                403, "insufficient_scope");
    }

    @Test
    void userInfoWhenFirstPartyTokenThenInsufficientScope() {
        Login login = account(false);
        String access = app.server().login(login.username(), OAuthTestKit.PASSWORD).text("access_token");
        assertError(kit.userInfo(access), 403, "insufficient_scope");
    }

    @Test
    void userInfoWhenTokenRevokedThenInvalidToken() {
        String access = accessToken(account(false).accountId(), "openid");
        kit.post("/oauth2/revoke", form("token", access), "Authorization", OAuthTestKit.basic(web.id(), web.secret()));
        TestServer.Response r = kit.userInfo(access);
        assertError(r, 401, "invalid_token");
        assertBearerChallenge(r, "invalid_token");
    }

    @Test
    void userInfoWhenAccountDisabledThenInvalidToken() {
        Login login = account(false);
        String access = accessToken(login.accountId(), "openid");
        app.server().tokenbooth().services().accounts.setDisabled(login.username(), true);
        assertError(kit.userInfo(access), 401, "invalid_token");
        assertThat(app.server().tokenbooth().services().accounts.findById(login.accountId()).map(a -> a.disabled()))
                .isEqualTo(Optional.of(true));
    }
}
