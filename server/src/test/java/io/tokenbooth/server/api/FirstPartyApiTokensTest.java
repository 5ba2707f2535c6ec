package io.tokenbooth.server.api;

import static io.tokenbooth.server.api.ApiTokens.lifetime;
import static io.tokenbooth.server.api.ApiTokens.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/v1/login} and {@code /api/v1/refresh} with {@code scope} and {@code resource} over real HTTP: a
 * token for one registered API, checked with jose4j; narrowing only on refresh; the errors of docs/api.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstPartyApiTokensTest {
    private static final String PASSWORD = "correct horse battery staple";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private TestServer server;
    private Api wallet;
    private Api other;
    private String user;

    @BeforeAll
    void start() {
        server = app.server();
        wallet = ApiTokens.register(server, Optional.of(Duration.ofMinutes(10)));
        other = ApiTokens.register(server, Optional.empty());
        user = "user_" + UUID.randomUUID().toString().substring(0, 8);
        server.signup(user, PASSWORD);
    }

    private TestServer.Response login(String scope, String resource) {
        Map<String, Object> body = new HashMap<>(Map.of("username", user, "password", PASSWORD));
        if (scope != null) {
            body.put("scope", scope);
        }
        if (resource != null) {
            body.put("resource", resource);
        }
        return server.postJson("/api/v1/login", TestServer.json(body));
    }

    private TestServer.Response refresh(String token, String scope, String resource) {
        Map<String, Object> body = new HashMap<>(Map.of("refresh_token", token));
        if (scope != null) {
            body.put("scope", scope);
        }
        if (resource != null) {
            body.put("resource", resource);
        }
        return server.postJson("/api/v1/refresh", TestServer.json(body));
    }

    private static JsonNode ok(TestServer.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static void assertError(TestServer.Response r, String error) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).as(r.toString()).isEqualTo(error);
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void loginWithoutScopeOrResourceThenTodaysTokenAndShape() {
        JsonNode body = ok(login(null, null));
        assertThat(fields(body)).containsExactlyInAnyOrder("access_token", "token_type", "expires_in", "refresh_token",
                "refresh_expires_in");
        JwtClaims claims = verify(server, body.get("access_token").asText(), server.issuer());
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo("api");
        JsonNode refreshed = ok(refresh(body.get("refresh_token").asText(), null, null));
        assertThat(fields(refreshed)).doesNotContain("scope");
    }

    @Test
    void loginWithResourceThenTokenForThatApiWithAllItsScopesAndItsLifetime() throws Exception {
        JsonNode body = ok(login(null, wallet.audience()));
        assertThat(body.get("scope").asText()).isEqualTo(String.join(" ", wallet.scopes()));
        assertThat(body.get("expires_in").asLong()).isEqualTo(600);
        JwtClaims claims = verify(server, body.get("access_token").asText(), wallet.audience());
        assertThat(claims.getAudience()).containsExactly(wallet.audience());
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo(String.join(" ", wallet.scopes()));
        assertThat(lifetime(claims)).isEqualTo(600);
        // Not a token for the first-party API.
        assertThat(server.get("/api/v1/me", "Authorization", "Bearer " + body.get("access_token").asText()).status())
                .isIn(401, 403);
    }

    @Test
    void loginWithScopeOnlyThenTheAudienceOfTheApiOwningIt() throws Exception {
        String read = wallet.scopes().get(0);
        JsonNode body = ok(login(read, null));
        assertThat(body.get("scope").asText()).isEqualTo(read);
        JwtClaims claims = verify(server, body.get("access_token").asText(), wallet.audience());
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo(read);
        // An API without a lifetime of its own: the configured one.
        JsonNode plain = ok(login(other.scopes().get(1), null));
        assertThat(lifetime(verify(server, plain.get("access_token").asText(), other.audience())))
                .isEqualTo(server.tokenbooth().services().accessTtl().toSeconds());
    }

    @Test
    void loginWhenResourceOrScopeUnknownOrForeignThenInvalidTargetOrScope() {
        assertError(login(null, "https://unknown.example.com/api"), "invalid_target");
        assertError(login(null, "not a uri"), "invalid_target");
        assertError(login(null, "http://127.0.0.1:8081/x#frag"), "invalid_target");
        assertError(login("unknown:scope", null), "invalid_scope");
        assertError(login(other.scopes().get(0), wallet.audience()), "invalid_scope");
        assertError(login("openid", wallet.audience()), "invalid_scope");
        assertError(login(wallet.scopes().get(0) + " " + other.scopes().get(0), null), "invalid_scope");
        assertError(login("api " + wallet.scopes().get(0), null), "invalid_scope");
        assertError(login("bad\"scope", null), "invalid_scope");
        // A refused target spends no sign-in attempt and signs nobody in: the right request still works.
        ok(login(null, wallet.audience()));
    }

    @Test
    void refreshWithNarrowerScopeOrTheSameResourceThenNarrowedTokens() throws Exception {
        JsonNode first = ok(login(null, wallet.audience()));
        String read = wallet.scopes().get(0);
        JsonNode narrowed = ok(refresh(first.get("refresh_token").asText(), read, null));
        assertThat(narrowed.get("scope").asText()).isEqualTo(read);
        JwtClaims claims = verify(server, narrowed.get("access_token").asText(), wallet.audience());
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo(read);
        assertThat(lifetime(claims)).isEqualTo(600);

        JsonNode again = ok(refresh(narrowed.get("refresh_token").asText(), null, wallet.audience()));
        assertThat(again.get("scope").asText()).isEqualTo(String.join(" ", wallet.scopes()));
        JsonNode plain = ok(refresh(again.get("refresh_token").asText(), null, null));
        assertThat(fields(plain)).doesNotContain("scope");
        assertThat(verify(server, plain.get("access_token").asText(), wallet.audience())
                .getClaimValueAsString("scope")).isEqualTo(String.join(" ", wallet.scopes()));
    }

    @Test
    void refreshWhenWideningThenRefusedAndTheTokenStaysUsable() {
        String read = wallet.scopes().get(0);
        String token = ok(login(read, null)).get("refresh_token").asText();
        assertError(refresh(token, wallet.scopes().get(1), null), "invalid_scope");
        assertError(refresh(token, read + " " + other.scopes().get(0), null), "invalid_scope");
        assertError(refresh(token, "api", null), "invalid_scope");
        assertError(refresh(token, null, other.audience()), "invalid_target");
        assertError(refresh(token, null, server.issuer()), "invalid_target");
        assertError(refresh(token, null, "https://unknown.example.com/api"), "invalid_target");
        ok(refresh(token, read, wallet.audience()));

        // A plain first-party login cannot be refreshed into a token for an API.
        String plain = ok(login(null, null)).get("refresh_token").asText();
        assertError(refresh(plain, null, wallet.audience()), "invalid_target");
        assertError(refresh(plain, read, null), "invalid_scope");
    }

    @Test
    void loginWhenTheApiIsRemovedThenInvalidTargetAtOnce() {
        Api gone = ApiTokens.register(server, Optional.empty());
        ok(login(null, gone.audience()));
        assertThat(server.tokenbooth().services().apis.remove(gone.name())).isTrue();
        assertError(login(null, gone.audience()), "invalid_target");
        assertError(login(gone.scopes().get(0), null), "invalid_scope");
    }
}
