package io.tokenbooth.server.oauth;

import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CORS on the OAuth endpoints (checklist item 17): token, UserInfo, revocation, JWKS and discovery answer browsers
 * from origins registered as some client's web origin; other origins get no {@code Access-Control-Allow-Origin};
 * never {@code *}, never credentials; the authorization endpoint never answers cross-origin reads. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthCorsTest {
    private static final String SPA = "https://spa.example.com";
    private static final String CONFIGURED = "https://configured.example.com";
    private static final String EVIL = "https://evil.example.com";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("cors.origins", CONFIGURED);

    private OAuthTestKit kit;
    private RegisteredClient spa;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        spa = kit.client("spa").publicClient().webOrigins(SPA).register();
    }

    private TestServer.Response preflight(String path, String origin) {
        return app.server().send(HttpRequest.newBuilder(URI.create(app.server().url(path)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", origin, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
    }

    private static void assertAllowed(TestServer.Response r, String origin) {
        assertThat(r.raw().headers().allValues("Access-Control-Allow-Origin")).as(r.toString()).containsExactly(origin);
        assertThat(r.header("Access-Control-Allow-Credentials")).as(r.toString()).isEmpty();
        assertThat(r.raw().headers().allValues("Vary")).anySatisfy(v -> assertThat(v.toLowerCase(Locale.ROOT)).contains("origin"));
    }

    private static void assertNotAllowed(TestServer.Response r) {
        assertThat(r.header("Access-Control-Allow-Origin")).as(r.toString()).isEmpty();
        assertThat(r.header("Access-Control-Allow-Credentials")).as(r.toString()).isEmpty();
        assertThat(r.raw().headers().allValues("Vary")).anySatisfy(v -> assertThat(v.toLowerCase(Locale.ROOT)).contains("origin"));
    }

    @Test
    void tokenWhenRegisteredWebOriginThenPreflightAndAnswerReadable() {
        TestServer.Response pre = preflight("/oauth2/token", SPA);
        assertThat(pre.status()).isEqualTo(204);
        assertAllowed(pre, SPA);
        String verifier = OAuthTestKit.verifier();
        String code = kit.code(spa, kit.newAccount()).pkce(verifier).create();
        TestServer.Response r = kit.post("/oauth2/token", form("grant_type", "authorization_code", "code", code,
                "redirect_uri", OAuthTestKit.REDIRECT, "code_verifier", verifier, "client_id", spa.id()), "Origin", SPA);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertAllowed(r, SPA);
        // Errors are readable too, with WWW-Authenticate exposed.
        TestServer.Response error = kit.post("/oauth2/token", form("grant_type", "client_credentials"), "Origin", SPA);
        assertThat(error.status()).isEqualTo(401);
        assertAllowed(error, SPA);
        assertThat(error.header("Access-Control-Expose-Headers")).hasValueSatisfying(v ->
                assertThat(v.toLowerCase(Locale.ROOT)).contains("www-authenticate"));
    }

    @Test
    void browserEndpointsWhenRegisteredWebOriginThenAllowed() {
        for (String path : List.of("/.well-known/jwks.json", "/.well-known/openid-configuration",
                "/.well-known/oauth-authorization-server", "/oauth2/userinfo")) {
            assertAllowed(app.server().get(path, "Origin", SPA), SPA);
        }
        assertAllowed(kit.post("/oauth2/revoke", form("token", "x", "client_id", spa.id()), "Origin", SPA), SPA);
        assertAllowed(preflight("/oauth2/userinfo", SPA), SPA);
    }

    @Test
    void oauthEndpointsWhenUnregisteredOriginThenNoAllowOrigin() {
        for (String origin : List.of(EVIL, SPA + ".evil.example", "http://spa.example.com", SPA + ":8443", "null", "*")) {
            TestServer.Response pre = preflight("/oauth2/token", origin);
            assertNotAllowed(pre);
            assertThat(pre.status()).isNotEqualTo(204);
            assertNotAllowed(kit.post("/oauth2/token", form("grant_type", "client_credentials"), "Origin", origin));
            assertNotAllowed(app.server().get("/.well-known/jwks.json", "Origin", origin));
        }
    }

    @Test
    void otherEndpointsWhenClientWebOriginThenNotAllowed() {
        // A client's web origin opens the OAuth endpoints only: not introspection, nor the first-party API.
        assertNotAllowed(kit.post("/oauth2/introspect", form("token", "x"), "Origin", SPA));
        assertNotAllowed(app.server().postJson("/api/v1/login", "{}", "Origin", SPA));
        assertNotAllowed(app.server().get("/api/v1/me", "Origin", SPA));
    }

    @Test
    void configuredOriginWhenOAuthEndpointThenAllowedButNeverAuthorize() {
        assertAllowed(app.server().get("/.well-known/jwks.json", "Origin", CONFIGURED), CONFIGURED);
        assertAllowed(kit.post("/oauth2/token", form("grant_type", "client_credentials"), "Origin", CONFIGURED), CONFIGURED);
        TestServer.Response authorize = app.server().get("/oauth2/authorize?client_id=" + spa.id(),
                "Origin", CONFIGURED);
        assertNotAllowed(authorize);
        assertNotAllowed(preflight("/oauth2/authorize", CONFIGURED));
        assertNotAllowed(preflight("/oauth2/authorize", SPA));
    }

    @Test
    void newClientWhenRegisteredThenItsOriginAllowedAtOnceAndRemovedOriginRefused() {
        String origin = "https://new-" + System.nanoTime() + ".example.com";
        assertNotAllowed(app.server().get("/.well-known/jwks.json", "Origin", origin));
        RegisteredClient fresh = kit.client("fresh").publicClient().webOrigins(origin).register();
        assertAllowed(app.server().get("/.well-known/jwks.json", "Origin", origin), origin);
        app.server().tokenbooth().services().clients.remove(fresh.id());
        assertNotAllowed(app.server().get("/.well-known/jwks.json", "Origin", origin));
    }
}
