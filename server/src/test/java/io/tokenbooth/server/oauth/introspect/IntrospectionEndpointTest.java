package io.tokenbooth.server.oauth.introspect;

import static io.tokenbooth.server.oauth.OAuthTestKit.assertError;
import static io.tokenbooth.server.oauth.OAuthTestKit.assertInvalidClient;
import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.AccessTokenRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /oauth2/introspect} (RFC 7662): active access and refresh tokens with their claims, and
 * {@code {"active": false}} for garbage, expired, revoked and foreign tokens. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionEndpointTest {
    private static final String API = "https://api.example.com";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private RegisteredClient web;
    private RegisteredClient resourceServer;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.client("web").audiences(API).register();
        resourceServer = kit.client("rs").redirects().grants("client_credentials").scopes("introspect").register();
    }

    private static void assertInactive(TestServer.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("active").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.json().size()).as(r.toString()).isEqualTo(1);
    }

    @Test
    void introspectWhenAccessTokenThenActiveWithClaims() {
        String account = kit.newAccount();
        String access = kit.exchange(web, kit.code(web, account).create()).text("access_token");
        TestServer.Response r = kit.introspect(resourceServer, access);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).contains("no-store");
        JsonNode j = r.json();
        assertThat(j.get("active").asBoolean()).isTrue();
        assertThat(j.get("scope").asText()).isEqualTo("openid profile email offline_access");
        assertThat(j.get("client_id").asText()).isEqualTo(web.id());
        assertThat(j.get("sub").asText()).isEqualTo(account);
        assertThat(j.get("aud").asText()).isEqualTo(API);
        assertThat(j.get("iss").asText()).isEqualTo(app.server().issuer());
        assertThat(j.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(j.get("exp").asLong() - j.get("iat").asLong()).isEqualTo(600);
        assertThat(j.get("jti").asText()).isNotBlank();
    }

    @Test
    void introspectWhenRefreshTokenOfCallerThenActiveElseInactive() {
        String account = kit.newAccount();
        String refresh = kit.exchange(web, kit.code(web, account).create()).text("refresh_token");
        TestServer.Response own = kit.introspect(web, refresh);
        JsonNode j = own.json();
        assertThat(j.get("active").asBoolean()).as(own.toString()).isTrue();
        assertThat(j.get("token_type").asText()).isEqualTo("refresh_token");
        assertThat(j.get("client_id").asText()).isEqualTo(web.id());
        assertThat(j.get("sub").asText()).isEqualTo(account);
        assertThat(j.get("scope").asText()).isEqualTo("openid profile email offline_access");
        assertThat(j.get("exp").asLong()).isGreaterThan(app.server().clock.instant().getEpochSecond());
        // Another client does not learn about it.
        assertInactive(kit.introspect(resourceServer, refresh));
        // Once rotated, the old one is spent.
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", refresh).status()).isEqualTo(200);
        assertInactive(kit.introspect(web, refresh));
    }

    @Test
    void introspectWhenGarbageOrUnknownThenInactive() {
        for (String token : List.of("garbage", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "x".repeat(9000),
                OAuthTestKit.verifier())) {
            assertInactive(kit.introspect(resourceServer, token));
        }
    }

    @Test
    void introspectWhenIdTokenThenInactive() {
        String idToken = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("id_token");
        assertInactive(kit.introspect(resourceServer, idToken));
    }

    @Test
    void introspectWhenAccessTokenExpiredThenInactive() {
        String access = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("access_token");
        // Introspected once (and remembered by the verifier), then expired: the expiry is checked on every call.
        assertThat(kit.introspect(resourceServer, access).json().get("active").asBoolean()).isTrue();
        app.server().clock.advance(Duration.ofMinutes(11));
        assertInactive(kit.introspect(resourceServer, access));
    }

    @Test
    void introspectWhenRevokedThenInactive() {
        TestServer.Response t = kit.exchange(web, kit.code(web, kit.newAccount()).create());
        assertThat(kit.introspect(resourceServer, t.text("access_token")).json().get("active").asBoolean()).isTrue();
        for (String token : List.of(t.text("access_token"), t.text("refresh_token"))) {
            assertThat(kit.post("/oauth2/revoke", form("token", token), "Authorization", web.basic()).status()).isEqualTo(200);
        }
        assertInactive(kit.introspect(resourceServer, t.text("access_token")));
        assertInactive(kit.introspect(web, t.text("refresh_token")));
    }

    @Test
    void introspectWhenHintGivenOrWrongThenStillFound() {
        TestServer.Response t = kit.exchange(web, kit.code(web, kit.newAccount()).create());
        TestServer.Response r = kit.post("/oauth2/introspect", form("token", t.text("access_token"),
                "token_type_hint", "refresh_token"), "Authorization", resourceServer.basic());
        assertThat(r.json().get("active").asBoolean()).isTrue();
        TestServer.Response unknownHint = kit.post("/oauth2/introspect", form("token", t.text("refresh_token"),
                "token_type_hint", "something_else"), "Authorization", web.basic());
        assertThat(unknownHint.json().get("active").asBoolean()).isTrue();
    }

    @Test
    void introspectWhenClientCredentialsTokenThenActiveWithClientSubject() {
        String access = kit.token(resourceServer, "grant_type", "client_credentials").text("access_token");
        JsonNode j = kit.introspect(resourceServer, access).json();
        assertThat(j.get("active").asBoolean()).isTrue();
        assertThat(j.get("sub").asText()).isEqualTo(resourceServer.id());
        assertThat(j.get("scope").asText()).isEqualTo("introspect");
    }

    @Test
    void introspectWhenNotAuthenticatedOrPublicClientThenInvalidClient() {
        String access = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("access_token");
        assertInvalidClient(kit.post("/oauth2/introspect", form("token", access)));
        assertInvalidClient(kit.post("/oauth2/introspect", form("token", access), "Authorization",
                OAuthTestKit.basic(web.id(), "wrong")));
        RegisteredClient app = kit.client("spa").publicClient().register();
        assertInvalidClient(kit.post("/oauth2/introspect", form("token", access, "client_id", app.id())));
    }

    @Test
    void introspectWhenTokenMissingOrRepeatedOrJsonThenInvalidRequest() {
        assertError(kit.post("/oauth2/introspect", "", "Authorization", web.basic()), 400, "invalid_request");
        assertError(kit.post("/oauth2/introspect", form("token", "a", "token", "b"), "Authorization", web.basic()),
                400, "invalid_request");
        assertError(app.server().postJson("/oauth2/introspect", "{\"token\":\"a\"}", "Authorization", web.basic()),
                400, "invalid_request");
    }

    @Test
    void introspectWhenRememberedTokensKeyUnpublishedThenInactive() {
        var services = app.server().tokenbooth().services();
        // A token minted longer-lived than any registered lifetime outlives its key's publication after a rotation
        // (the key stays published for the longest registered lifetime, here the ID tokens' 15 minutes, plus skew).
        String access = services.minter.mint(new AccessTokenRequest(kit.newAccount(), web.id(), "openid", List.of(API)),
                Duration.ofHours(2)).value();
        assertThat(kit.introspect(resourceServer, access).json().get("active").asBoolean()).isTrue();
        services.keys.rotate(services.config.tokens().algorithm(), Duration.ZERO);
        app.server().clock.advance(Duration.ofMinutes(16));
        services.keys.reload();
        assertInactive(kit.introspect(resourceServer, access));
    }
}
