package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, defect 5 (RFC 9068 §2.2 and §5, RFC 9700 §4.15): a client_credentials token names the client in
 * {@code sub}. An operator chooses client ids freely, so one may equal an account's id; the token must still not act
 * as that account. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTokenAsUserTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private String accountId;
    private OAuthTestKit.RegisteredClient impostor;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        accountId = kit.newAccountNamed("victim_of_a_twin");
        // A confidential client registered (as the CLI and the admin API do) under the account's own id.
        ClientService.Registered r = app.server().tokenbooth().services().clients.register(new ClientRegistration(
                accountId, Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                List.of(), List.of("client_credentials"), List.of("api", "openid", "profile"), List.of(), List.of(),
                false, Optional.empty(), Optional.empty(), Optional.empty()));
        impostor = new OAuthTestKit.RegisteredClient(accountId, r.secret().orElseThrow());
    }

    private String clientToken(String... scope) {
        TestServer.Response r = scope.length == 0
                ? kit.token(impostor, "grant_type", "client_credentials")
                : kit.token(impostor, "grant_type", "client_credentials", "scope", scope[0]);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("access_token");
    }

    private static JsonNode payload(String jwt) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Test
    void whenClientIdEqualsAnAccountIdThenItsClientCredentialsTokenIsRefusedAtMe() throws Exception {
        String token = clientToken("api");
        assertThat(payload(token).get("sub").asText()).isEqualTo(accountId);
        TestServer.Response r = app.server().get("/api/v1/me", "Authorization", "Bearer " + token);
        assertThat(r.status()).as(r.toString()).isIn(401, 403);
        assertThat(r.body()).doesNotContain("victim_of_a_twin");
    }

    @Test
    void whenClientIdEqualsAnAccountIdThenItsClientCredentialsTokenIsRefusedAtUserInfo() {
        String token = clientToken();
        for (TestServer.Response r : List.of(kit.userInfo(token),
                kit.post("/oauth2/userinfo", OAuthTestKit.form("access_token", token)))) {
            assertThat(r.status()).as(r.toString()).isIn(401, 403);
            assertThat(r.body()).doesNotContain("victim_of_a_twin");
        }
    }

    @Test
    void whenClientCredentialsTokenThenItSaysSoInAClaimTheClientCannotChoose() throws Exception {
        // What a resource server (and our verifier library) reads to tell a client's token from a user's.
        JsonNode claims = payload(clientToken());
        assertThat(claims.get("gty").asText()).isEqualTo("client_credentials");
        TestServer.Response introspected = kit.introspect(impostor, clientToken());
        assertThat(introspected.json().get("gty").asText()).isEqualTo("client_credentials");
    }

    @Test
    void whenUserTokenThenNoGrantTypeMarkerAndMeStillWorks() throws Exception {
        String token = app.server().login("victim_of_a_twin", OAuthTestKit.PASSWORD).text("access_token");
        assertThat(payload(token).has("gty")).isFalse();
        TestServer.Response r = app.server().get("/api/v1/me", "Authorization", "Bearer " + token);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("id")).isEqualTo(accountId);
    }
}
