package io.tokenbooth.server.oauth.revoke;

import static io.tokenbooth.server.oauth.OAuthTestKit.assertError;
import static io.tokenbooth.server.oauth.OAuthTestKit.assertInvalidClient;
import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.verifier.VerifiedToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): a client revokes its own refresh tokens (the whole family) and access tokens
 * (deny-listed until they expire); other clients' and unknown tokens change nothing, and every answer is an empty
 * 200. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationEndpointTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private RegisteredClient web;
    private RegisteredClient other;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.webClient();
        other = kit.webClient();
    }

    private TestServer.Response revoke(RegisteredClient client, String... params) {
        return kit.post("/oauth2/revoke", form(params), "Authorization", client.basic());
    }

    private static void assertEmpty200(TestServer.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void revokeWhenRefreshTokenThenFamilyEnds() {
        TestServer.Response first = kit.exchange(web, kit.code(web, kit.newAccount()).create());
        TestServer.Response rotated = kit.token(web, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"));
        assertEmpty200(revoke(web, "token", rotated.text("refresh_token"), "token_type_hint", "refresh_token"));
        assertError(kit.token(web, "grant_type", "refresh_token", "refresh_token", rotated.text("refresh_token")),
                400, "invalid_grant");
        assertThat(kit.introspect(web, rotated.text("refresh_token")).json().get("active").asBoolean()).isFalse();
        // Revoking again is harmless.
        assertEmpty200(revoke(web, "token", rotated.text("refresh_token")));
    }

    @Test
    void revokeWhenAccessTokenThenDenyListedEverywhereUntilExpiry() {
        String access = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("access_token");
        assertThat(kit.userInfo(access).status()).isEqualTo(200);
        assertEmpty200(revoke(web, "token", access, "token_type_hint", "access_token"));
        assertError(kit.userInfo(access), 401, "invalid_token");
        assertThat(kit.introspect(web, access).json().get("active").asBoolean()).isFalse();
    }

    @Test
    void revokeWhenAnotherClientsTokensThen200AndNothingChanges() {
        TestServer.Response t = kit.exchange(web, kit.code(web, kit.newAccount()).create());
        assertEmpty200(revoke(other, "token", t.text("access_token")));
        assertEmpty200(revoke(other, "token", t.text("refresh_token")));
        assertThat(kit.userInfo(t.text("access_token")).status()).isEqualTo(200);
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", t.text("refresh_token")).status())
                .isEqualTo(200);
    }

    @Test
    void revokeWhenUnknownTokenOrUnknownHintThen200() {
        assertEmpty200(revoke(web, "token", "no-such-token"));
        assertEmpty200(revoke(web, "token", "a.b.c", "token_type_hint", "id_token"));
        assertEmpty200(revoke(web, "token", "x".repeat(2000)));
    }

    @Test
    void revokeWhenPublicClientNamesItselfThenItsTokenRevoked() {
        RegisteredClient app = kit.client("spa").publicClient().register();
        String verifier = OAuthTestKit.verifier();
        String code = kit.code(app, kit.newAccount()).pkce(verifier).create();
        String refresh = kit.post("/oauth2/token", form("grant_type", "authorization_code", "code", code, "redirect_uri",
                OAuthTestKit.REDIRECT, "code_verifier", verifier, "client_id", app.id())).text("refresh_token");
        assertEmpty200(kit.post("/oauth2/revoke", form("token", refresh, "client_id", app.id())));
        assertError(kit.post("/oauth2/token", form("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", app.id())), 400, "invalid_grant");
    }

    @Test
    void revokeWhenNotAuthenticatedThenInvalidClient() {
        String refresh = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("refresh_token");
        assertInvalidClient(kit.post("/oauth2/revoke", form("token", refresh)));
        assertInvalidClient(kit.post("/oauth2/revoke", form("token", refresh), "Authorization",
                OAuthTestKit.basic(web.id(), "wrong")));
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", refresh).status()).isEqualTo(200);
    }

    @Test
    void revokeWhenTokenMissingThenInvalidRequest() {
        assertError(revoke(web), 400, "invalid_request");
    }

    @Test
    void meWhenFirstPartyAccessTokenDenyListedThenRefused() {
        String name = "me_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        kit.newAccountNamed(name);
        String access = app.server().login(name, OAuthTestKit.PASSWORD).text("access_token");
        assertThat(app.server().get("/api/v1/me", "Authorization", "Bearer " + access).status()).isEqualTo(200);
        var services = app.server().tokenbooth().services();
        VerifiedToken t = services.verifier.verify(access);
        services.denyList.revoke(t.jti(), t.expiresAt());
        assertError(app.server().get("/api/v1/me", "Authorization", "Bearer " + access), 401, "invalid_token");
    }

    @Test
    void meWhenOAuthAccessTokenWithoutApiScopeThenInsufficientScope() {
        String access = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("access_token");
        TestServer.Response r = app.server().get("/api/v1/me", "Authorization", "Bearer " + access);
        assertError(r, 403, "insufficient_scope");
    }
}
