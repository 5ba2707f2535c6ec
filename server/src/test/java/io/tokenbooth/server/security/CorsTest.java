package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.config.ConfigException;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CORS (checklist item 17) with {@code cors.origins=https://app.example.com}: only that exact origin is echoed, never
 * {@code *}, never with credentials, and {@code Vary: Origin} always. {@link java.net.http.HttpClient} sends
 * {@code Origin} and {@code Access-Control-Request-*} as given (its restricted set is only Connection,
 * Content-Length, Expect, Host and Upgrade), so no raw socket is needed here. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsTest {
    private static final String APP = "https://app.example.com";
    private static final String PASSWORD = "copper-lagoon-thistle-8";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("cors.origins", APP);

    @BeforeAll
    void start() {
        app.server().signup("cora", PASSWORD);
    }

    private TestServer.Response preflight(String path, String origin, String method, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.server().url(path)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        return headers == null
                ? app.server().send(b, "Origin", origin, "Access-Control-Request-Method", method)
                : app.server().send(b, "Origin", origin, "Access-Control-Request-Method", method,
                        "Access-Control-Request-Headers", headers);
    }

    private static void assertNoCorsGrant(TestServer.Response r) {
        assertThat(r.header("Access-Control-Allow-Origin")).as(r.toString()).isEmpty();
        assertThat(r.header("Access-Control-Allow-Methods")).as(r.toString()).isEmpty();
        assertThat(r.header("Access-Control-Allow-Headers")).as(r.toString()).isEmpty();
        assertThat(r.header("Access-Control-Allow-Credentials")).as(r.toString()).isEmpty();
    }

    private static void assertVaryOrigin(TestServer.Response r) {
        assertThat(r.raw().headers().allValues("Vary")).as(r.toString())
                .anySatisfy(v -> assertThat(v.toLowerCase(Locale.ROOT)).contains("origin"));
    }

    @Test
    void preflightWhenAllowedOriginThen204WithMethodsHeadersAndVary() {
        TestServer.Response r = preflight("/api/v1/login", APP, "POST", "content-type");
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(r.header("Access-Control-Allow-Methods")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
        assertThat(r.header("Access-Control-Allow-Headers")).hasValueSatisfying(v ->
                assertThat(v.toLowerCase(Locale.ROOT)).contains("content-type").contains("authorization"));
        assertThat(r.header("Access-Control-Allow-Credentials")).isEmpty();
        assertVaryOrigin(r);
    }

    @Test
    void preflightWhenAllowedOriginForMeWithAuthorizationThen204() {
        TestServer.Response r = preflight("/api/v1/me", APP, "GET", "authorization");
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(r.header("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void preflightWhenOtherOriginThenNoAllowOrigin() {
        TestServer.Response r = preflight("/api/v1/login", "https://evil.example", "POST", "content-type");
        assertNoCorsGrant(r);
        assertThat(r.status()).as(r.toString()).isNotEqualTo(204);
        assertVaryOrigin(r);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"https://app.example.com.evil.example", "https://evil-app.example.com",
            "http://app.example.com", "https://app.example.com:8443", "https://APP.EXAMPLE.COM",
            "https://app.example.com/", "null", "https://app.example.co", "https://sub.app.example.com", "*"})
    void preflightWhenNearMissOriginThenNoAllowOrigin(String origin) {
        assertNoCorsGrant(preflight("/api/v1/login", origin, "POST", "content-type"));
        TestServer.Response actual = app.server().postJson("/api/v1/login",
                TestServer.json(Map.of("username", "cora", "password", PASSWORD)), "Origin", origin);
        assertThat(actual.status()).isEqualTo(200);
        assertNoCorsGrant(actual);
    }

    @Test
    void postWhenAllowedOriginThenAllowOriginIsThatOriginNeverStar() {
        TestServer.Response r = app.server().postJson("/api/v1/login",
                TestServer.json(Map.of("username", "cora", "password", PASSWORD)), "Origin", APP);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().allValues("Access-Control-Allow-Origin")).containsExactly(APP);
        assertThat(r.header("Access-Control-Allow-Credentials")).isEmpty();
        assertVaryOrigin(r);
    }

    @Test
    void errorAnswersWhenAllowedOriginThenReadableWithExposedHeaders() {
        // A browser app must be able to read 401 and 429 details, so WWW-Authenticate and Retry-After are exposed.
        TestServer.Response r = app.server().get("/api/v1/me", "Origin", APP, "Authorization", "Bearer nope");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(r.header("Access-Control-Expose-Headers")).hasValueSatisfying(v ->
                assertThat(v.toLowerCase(Locale.ROOT)).contains("www-authenticate").contains("retry-after"));
        TestServer.Response bad = app.server().postJson("/api/v1/login", "{", "Origin", APP);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Access-Control-Allow-Origin")).contains(APP);
    }

    @Test
    void postWhenOtherOriginThenNoAllowOrigin() {
        TestServer.Response r = app.server().postJson("/api/v1/login",
                TestServer.json(Map.of("username", "cora", "password", PASSWORD)), "Origin", "https://evil.example");
        assertNoCorsGrant(r);
        assertVaryOrigin(r);
    }

    @Test
    void getWhenNoOriginThenNoCorsHeadersButVaryOrigin() {
        TestServer.Response r = app.server().get("/.well-known/jwks.json");
        assertThat(r.status()).isEqualTo(200);
        assertNoCorsGrant(r);
        assertVaryOrigin(r);
    }

    @Test
    void configWhenWildcardOriginThenServerRefusesToStart() {
        try (TestDatabase other = TestDatabase.create(TestDatabase.Kind.H2)) {
            assertThatThrownBy(() -> TestServer.builder(other).set("cors.origins", "*").start())
                    .isInstanceOf(ConfigException.class).hasMessageContaining("cors.origins");
            assertThatThrownBy(() -> TestServer.builder(other).set("cors.origins", APP + ",*").start())
                    .isInstanceOf(ConfigException.class);
        }
    }
}
