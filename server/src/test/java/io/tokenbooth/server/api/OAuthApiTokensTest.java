package io.tokenbooth.server.api;

import static io.tokenbooth.server.api.ApiTokens.lifetime;
import static io.tokenbooth.server.api.ApiTokens.verify;
import static io.tokenbooth.server.oauth.authorize.Browser.decide;
import static io.tokenbooth.server.oauth.authorize.Browser.isConsentForm;
import static io.tokenbooth.server.oauth.authorize.Browser.redirectParams;
import static io.tokenbooth.server.oauth.authorize.Browser.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.oauth.authorize.AuthorizeUrl;
import io.tokenbooth.server.oauth.authorize.Browser;
import io.tokenbooth.server.oauth.authorize.TestClients;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OAuth clients and registered APIs over real HTTP: the code flow through {@code /oauth2/authorize} and the token
 * endpoint, refresh, and {@code client_credentials}, with the minted tokens read by jose4j.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthApiTokensTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private TestServer server;
    private OAuthTestKit kit;
    private Api wallet;
    private Api other;

    @BeforeAll
    void start() {
        server = app.server();
        kit = new OAuthTestKit(server);
        wallet = ApiTokens.register(server, Optional.of(Duration.ofMinutes(10)));
        other = ApiTokens.register(server, Optional.empty());
    }

    private Client webClient(String... scopes) {
        return TestClients.on(server).id("spa-" + UUID.randomUUID().toString().substring(0, 8)).scopes(scopes).register();
    }

    /** Signs a new user in through the real pages and approves; returns the redirect's parameters. */
    private Map<String, String> authorize(AuthorizeUrl url) {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        server.signup(name, Browser.PASSWORD);
        try (Browser browser = new Browser()) {
            Page afterLogin = signIn(browser.page(url.url()), name, Browser.PASSWORD);
            return redirectParams(isConsentForm(afterLogin) ? decide((HtmlPage) afterLogin, true) : afterLogin);
        }
    }

    private TestServer.Response exchange(Client client, AuthorizeUrl url, String code, String... more) {
        String[] params = new String[10 + more.length];
        System.arraycopy(new String[] {"grant_type", "authorization_code", "code", code, "redirect_uri",
                client.redirectUris().get(0), "code_verifier", url.verifier, "client_id", client.clientId()}, 0, params, 0, 10);
        System.arraycopy(more, 0, params, 10, more.length);
        return kit.post("/oauth2/token", OAuthTestKit.form(params));
    }

    @Test
    void codeFlowWithApiScopesAndNoResourceThenTokenForThatApi() throws Exception {
        String read = wallet.scopes().get(0);
        Client client = webClient("openid", "offline_access", read);
        AuthorizeUrl url = AuthorizeUrl.valid(server, client).set("scope", "openid offline_access " + read);
        Map<String, String> back = authorize(url);
        assertThat(back).containsKey("code");
        TestServer.Response tokens = exchange(client, url, back.get("code"));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        JwtClaims claims = verify(server, tokens.text("access_token"), wallet.audience());
        assertThat(claims.getAudience()).containsExactly(wallet.audience());
        assertThat(claims.getClaimValueAsString("scope")).isEqualTo("openid offline_access " + read);
        assertThat(lifetime(claims)).isEqualTo(600);
        assertThat(tokens.json().get("expires_in").asLong()).isEqualTo(600);

        // A refresh keeps the API's audience and lifetime, and may narrow the scope.
        TestServer.Response refreshed = kit.post("/oauth2/token", OAuthTestKit.form("grant_type", "refresh_token",
                "refresh_token", tokens.text("refresh_token"), "client_id", client.clientId(), "scope", read));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        JwtClaims again = verify(server, refreshed.text("access_token"), wallet.audience());
        assertThat(again.getClaimValueAsString("scope")).isEqualTo(read);
        assertThat(lifetime(again)).isEqualTo(600);
        TestServer.Response widened = kit.post("/oauth2/token", OAuthTestKit.form("grant_type", "refresh_token",
                "refresh_token", refreshed.text("refresh_token"), "client_id", client.clientId(),
                "resource", other.audience()));
        OAuthTestKit.assertError(widened, 400, "invalid_target");
    }

    @Test
    void codeFlowWithTheApisResourceThenTokenForIt() throws Exception {
        String write = wallet.scopes().get(1);
        Client client = webClient("openid", write);
        AuthorizeUrl url = AuthorizeUrl.valid(server, client).set("scope", "openid " + write)
                .set("resource", wallet.audience());
        TestServer.Response tokens = exchange(client, url, authorize(url).get("code"), "resource", wallet.audience());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(verify(server, tokens.text("access_token"), wallet.audience()).getClaimValueAsString("scope"))
                .isEqualTo("openid " + write);
    }

    @Test
    void authorizeWhenResourceIsAnApiTheClientHasNoScopeOfThenInvalidTarget() {
        Client client = webClient("openid", wallet.scopes().get(0));
        AuthorizeUrl url = AuthorizeUrl.valid(server, client).set("scope", "openid " + wallet.scopes().get(0))
                .set("resource", other.audience());
        try (Browser browser = new Browser()) {
            assertThat(redirectParams(browser.get(url.url()))).containsEntry("error", "invalid_target");
        }
    }

    @Test
    void authorizeWhenScopesOfTwoApisWithoutResourceThenInvalidTarget() {
        Client client = webClient("openid", wallet.scopes().get(0), other.scopes().get(0));
        AuthorizeUrl url = AuthorizeUrl.valid(server, client)
                .set("scope", "openid " + wallet.scopes().get(0) + " " + other.scopes().get(0));
        try (Browser browser = new Browser()) {
            assertThat(redirectParams(browser.get(url.url()))).containsEntry("error", "invalid_target");
        }
    }

    @Test
    void clientCredentialsWithTheApisResourceOrScopesThenTokenForIt() throws Exception {
        String read = wallet.scopes().get(0);
        RegisteredClient client = kit.client("svc").redirects().grants("client_credentials").scopes(read).register();
        for (String[] params : List.of(
                new String[] {"grant_type", "client_credentials", "resource", wallet.audience()},
                new String[] {"grant_type", "client_credentials", "scope", read},
                new String[] {"grant_type", "client_credentials"})) {
            TestServer.Response r = kit.token(client, params);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JwtClaims claims = verify(server, r.text("access_token"), wallet.audience());
            assertThat(claims.getAudience()).containsExactly(wallet.audience());
            assertThat(claims.getSubject()).isEqualTo(client.id());
            assertThat(claims.getClaimValueAsString("scope")).isEqualTo(read);
            assertThat(lifetime(claims)).isEqualTo(600);
        }
        OAuthTestKit.assertError(kit.token(client, "grant_type", "client_credentials", "resource", other.audience()),
                400, "invalid_target");
        OAuthTestKit.assertError(kit.token(client, "grant_type", "client_credentials", "scope", other.scopes().get(0)),
                400, "invalid_scope");
    }

    @Test
    void clientCredentialsWhenScopesOfTwoApisWithoutResourceThenInvalidTargetAndWithResourceFine() {
        RegisteredClient client = kit.client("svc").redirects().grants("client_credentials")
                .scopes(wallet.scopes().get(0), other.scopes().get(0)).register();
        OAuthTestKit.assertError(kit.token(client, "grant_type", "client_credentials"), 400, "invalid_target");
        TestServer.Response r = kit.token(client, "grant_type", "client_credentials", "scope", other.scopes().get(0),
                "resource", other.audience());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        verify(server, r.text("access_token"), other.audience());
    }

    @Test
    void clientWithItsOwnAudienceAndNoApiScopesThenUnchanged() {
        RegisteredClient client = kit.client("svc").redirects().grants("client_credentials").scopes("reports")
                .audiences("https://reports.example.com").register();
        TestServer.Response r = kit.token(client, "grant_type", "client_credentials");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(lifetime(verify(server, r.text("access_token"), "https://reports.example.com")))
                .isEqualTo(server.tokenbooth().services().accessTtl().toSeconds());
        OAuthTestKit.assertError(kit.token(client, "grant_type", "client_credentials", "resource", wallet.audience()),
                400, "invalid_target");
    }

    @Test
    void apiRegisteredOnAnotherNodeThenUsableWithinTheCacheFreshness() {
        String u = UUID.randomUUID().toString().substring(0, 8);
        RegisteredClient client = kit.client("svc").redirects().grants("client_credentials").scopes("late" + u).register();
        String audience = "https://late" + u + ".example.com";
        OAuthTestKit.assertError(kit.token(client, "grant_type", "client_credentials", "resource", audience),
                400, "invalid_target");
        // Straight into the database, as the CLI or another node would: this node's snapshot is stale until reloaded.
        new JdbcApiStore(server.tokenbooth().services().database).create(new Api("late-" + u, audience,
                List.of("late" + u), Optional.empty(), Instant.now()));
        Awaitility.await().atMost(Duration.ofMillis(RegisteredApis.TTL_MILLIS + 5_000)).until(() ->
                kit.token(client, "grant_type", "client_credentials", "resource", audience).status() == 200);
    }
}
