package io.tokenbooth.server.oauth.token;

import static io.tokenbooth.server.oauth.OAuthTestKit.REDIRECT;
import static io.tokenbooth.server.oauth.OAuthTestKit.assertError;
import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /oauth2/token} over real HTTP (RFC 6749 §3.2, §4.1.3, §4.4, §5, §6; RFC 7636; RFC 8707): the three
 * grants' happy paths and every refusal. H2 only; the database-sensitive cases run on both databases in
 * {@code OAuthDatabaseContract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEndpointTest {
    private static final String API = "https://api.example.com";
    private static final String OTHER_API = "https://other.example.com";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private RegisteredClient web;
    private RegisteredClient service;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        web = kit.webClient();
        service = kit.client("svc").redirects().grants("client_credentials").scopes("orders.read", "orders.write", "profile")
                .audiences(API, OTHER_API).register();
    }

    private static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    // ---- authorization_code ------------------------------------------------------------------------------------

    @Test
    void tokenWhenCodeExchangedThenAccessRefreshAndIdTokensWithNoStore() throws Exception {
        String account = kit.newAccount();
        String code = kit.code(web, account).create();
        TestServer.Response r = kit.exchange(web, code);
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(r.header("Pragma")).contains("no-cache");
        assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.text("token_type")).isEqualTo("Bearer");
        assertThat(r.json().get("expires_in").asLong()).isEqualTo(600);
        assertThat(r.text("scope")).isEqualTo("openid profile email offline_access");
        assertThat(r.text("refresh_token")).isNotBlank();
        assertThat(r.text("id_token")).isNotBlank();
        JWTClaimsSet at = claims(r.text("access_token"));
        assertThat(SignedJWT.parse(r.text("access_token")).getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(at.getSubject()).isEqualTo(account);
        assertThat(at.getStringClaim("client_id")).isEqualTo(web.id());
        assertThat(at.getStringClaim("scope")).isEqualTo("openid profile email offline_access");
        assertThat(at.getAudience()).containsExactly(app.server().issuer());
        assertThat(at.getIssuer()).isEqualTo(app.server().issuer());
    }

    @Test
    void tokenWhenCodeHasAudiencesThenAccessTokenForThem() throws Exception {
        RegisteredClient c = kit.client("aud").audiences(API, OTHER_API).register();
        String code = kit.code(c, kit.newAccount()).audiences(OTHER_API).create();
        assertThat(claims(kit.exchange(c, code).text("access_token")).getAudience()).containsExactly(OTHER_API);
        String plain = kit.code(c, kit.newAccount()).create();
        assertThat(claims(kit.exchange(c, plain).text("access_token")).getAudience()).containsExactly(API);
    }

    @Test
    void tokenWhenOpenidWithoutOfflineAccessThenNoRefreshToken() {
        TestServer.Response r = kit.exchange(web, kit.code(web, kit.newAccount()).scope("openid profile").create());
        assertThat(r.text("refresh_token")).isNull();
        assertThat(r.text("id_token")).isNotBlank();
    }

    @Test
    void tokenWhenNoOpenidThenRefreshTokenAndNoIdToken() {
        TestServer.Response r = kit.exchange(web, kit.code(web, kit.newAccount()).scope("profile").create());
        assertThat(r.text("refresh_token")).isNotBlank();
        assertThat(r.text("id_token")).isNull();
    }

    @Test
    void tokenWhenClientNotAllowedRefreshThenNoRefreshTokenAndOwnAccessTtl() {
        RegisteredClient c = kit.client("norefresh").grants("authorization_code").accessTtl(Duration.ofSeconds(90)).register();
        TestServer.Response r = kit.exchange(c, kit.code(c, kit.newAccount()).create());
        assertThat(r.text("refresh_token")).isNull();
        assertThat(r.json().get("expires_in").asLong()).isEqualTo(90);
    }

    @Test
    void tokenWhenCodeIssuedToAnotherClientThenInvalidGrant() {
        RegisteredClient other = kit.webClient();
        String code = kit.code(web, kit.newAccount()).create();
        assertError(kit.token(other, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
                400, "invalid_grant");
        // The failed attempt spent the code: its owner cannot use it either.
        assertError(kit.token(web, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
                400, "invalid_grant");
    }

    @Test
    void tokenWhenRedirectUriDiffersOrIsPrefixThenInvalidGrant() {
        for (String uri : List.of("https://rp.example.com/callback/extra", "https://rp.example.com/callbac",
                "https://rp.example.com/callback?x=1", "https://RP.example.com/callback", "https://rp.example.com/other")) {
            String code = kit.code(web, kit.newAccount()).create();
            assertError(kit.token(web, "grant_type", "authorization_code", "code", code, "redirect_uri", uri),
                    400, "invalid_grant");
        }
        String code = kit.code(web, kit.newAccount()).create();
        assertError(kit.token(web, "grant_type", "authorization_code", "code", code), 400, "invalid_request");
    }

    @Test
    void tokenWhenRedirectUriOmittedThenAllowedOnlyWithoutOpenidAndForASingleRegisteredUri() {
        // RFC 6749 §3.1.2.3 / §4.1.3: a plain OAuth client with one redirect URI may leave it out of both requests.
        String plain = kit.code(web, kit.newAccount()).scope("profile").create();
        TestServer.Response ok = kit.token(web, "grant_type", "authorization_code", "code", plain);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        RegisteredClient two = kit.client("two").redirects(REDIRECT, "https://rp.example.com/other").register();
        String code = kit.code(two, kit.newAccount()).scope("profile").create();
        assertError(kit.token(two, "grant_type", "authorization_code", "code", code), 400, "invalid_request");
    }

    @Test
    void tokenWhenCodeExpiredThenInvalidGrant() {
        String code = kit.code(web, kit.newAccount()).create();
        app.server().clock.advance(Duration.ofSeconds(61));
        assertError(kit.token(web, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
                400, "invalid_grant");
    }

    @Test
    void tokenWhenUnknownCodeThenInvalidGrant() {
        assertError(kit.token(web, "grant_type", "authorization_code", "code", "nope", "redirect_uri", REDIRECT),
                400, "invalid_grant");
        assertError(kit.token(web, "grant_type", "authorization_code", "code", "x".repeat(600), "redirect_uri", REDIRECT),
                400, "invalid_grant");
    }

    @Test
    void tokenWhenPkceVerifierRightThenTokens() {
        String verifier = OAuthTestKit.verifier();
        String code = kit.code(web, kit.newAccount()).pkce(verifier).create();
        TestServer.Response r = kit.token(web, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", verifier);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void tokenWhenPkceVerifierMissingWrongOrMalformedThenInvalidGrant() {
        String verifier = OAuthTestKit.verifier();
        String missing = kit.code(web, kit.newAccount()).pkce(verifier).create();
        assertError(kit.token(web, "grant_type", "authorization_code", "code", missing, "redirect_uri", REDIRECT),
                400, "invalid_grant");
        String wrong = kit.code(web, kit.newAccount()).pkce(verifier).create();
        assertError(kit.token(web, "grant_type", "authorization_code", "code", wrong, "redirect_uri", REDIRECT,
                "code_verifier", OAuthTestKit.verifier()), 400, "invalid_grant");
        // The challenge itself (what a 'plain' client would send) is not the verifier.
        String plain = kit.code(web, kit.newAccount()).pkce(verifier).create();
        assertError(kit.token(web, "grant_type", "authorization_code", "code", plain, "redirect_uri", REDIRECT,
                "code_verifier", OAuthTestKit.challenge(verifier)), 400, "invalid_grant");
        String tooShort = kit.code(web, kit.newAccount()).pkce("short").create();
        assertError(kit.token(web, "grant_type", "authorization_code", "code", tooShort, "redirect_uri", REDIRECT,
                "code_verifier", "short"), 400, "invalid_grant");
    }

    @Test
    void tokenWhenVerifierSentForCodeWithoutChallengeThenInvalidGrant() {
        String code = kit.code(web, kit.newAccount()).create();
        assertError(kit.token(web, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", OAuthTestKit.verifier()), 400, "invalid_grant");
    }

    @Test
    void tokenWhenPublicClientUsesPkceThenTokensWithoutSecret() {
        RegisteredClient app = kit.client("spa").publicClient().register();
        String verifier = OAuthTestKit.verifier();
        String code = kit.code(app, kit.newAccount()).pkce(verifier).create();
        TestServer.Response r = kit.post("/oauth2/token", form("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", app.id()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("refresh_token")).isNotBlank();
    }

    @Test
    void tokenWhenPublicClientCodeHasNoChallengeThenInvalidGrant() {
        RegisteredClient app = kit.client("spa").publicClient().register();
        String code = kit.code(app, kit.newAccount()).create();
        assertError(kit.post("/oauth2/token", form("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "client_id", app.id())), 400, "invalid_grant");
    }

    @Test
    void tokenWhenAccountDisabledAfterLoginThenInvalidGrant() {
        String name = "dis_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String account = kit.newAccountNamed(name);
        String code = kit.code(web, account).create();
        app.server().tokenbooth().services().accounts.setDisabled(name, true);
        assertError(kit.token(web, "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
                400, "invalid_grant");
    }

    // ---- refresh_token ----------------------------------------------------------------------------------------

    @Test
    void refreshWhenValidThenRotatedWithNewIdToken() throws Exception {
        String account = kit.newAccount();
        TestServer.Response first = kit.exchange(web, kit.code(web, account).nonce("n-1").create());
        TestServer.Response second = kit.token(web, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.header("Cache-Control")).contains("no-store");
        assertThat(second.text("refresh_token")).isNotBlank().isNotEqualTo(first.text("refresh_token"));
        assertThat(second.text("scope")).isEqualTo("openid profile email offline_access");
        JWTClaimsSet firstId = claims(first.text("id_token"));
        JWTClaimsSet secondId = claims(second.text("id_token"));
        assertThat(secondId.getSubject()).isEqualTo(account);
        assertThat(secondId.getAudience()).isEqualTo(firstId.getAudience());
        assertThat(secondId.getClaim("auth_time")).isEqualTo(firstId.getClaim("auth_time"));
        assertThat(secondId.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(secondId.getClaim("nonce")).isNull();
        assertThat(claims(second.text("access_token")).getSubject()).isEqualTo(account);
    }

    @Test
    void refreshWhenScopeNarrowedThenAccessTokenNarrowedAndFamilyKeepsScope() throws Exception {
        TestServer.Response first = kit.exchange(web, kit.code(web, kit.newAccount()).create());
        TestServer.Response narrow = kit.token(web, "grant_type", "refresh_token", "refresh_token",
                first.text("refresh_token"), "scope", "profile");
        assertThat(narrow.status()).as(narrow.toString()).isEqualTo(200);
        assertThat(narrow.text("scope")).isEqualTo("profile");
        assertThat(narrow.text("id_token")).isNull();
        assertThat(claims(narrow.text("access_token")).getStringClaim("scope")).isEqualTo("profile");
        TestServer.Response again = kit.token(web, "grant_type", "refresh_token", "refresh_token", narrow.text("refresh_token"));
        assertThat(again.text("scope")).isEqualTo("openid profile email offline_access");
    }

    @Test
    void refreshWhenScopeWidenedThenInvalidScopeAndTokenNotSpent() {
        TestServer.Response first = kit.exchange(web, kit.code(web, kit.newAccount()).scope("openid offline_access").create());
        assertError(kit.token(web, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"),
                "scope", "openid email"), 400, "invalid_scope");
        TestServer.Response still = kit.token(web, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"));
        assertThat(still.status()).as(still.toString()).isEqualTo(200);
    }

    @Test
    void refreshWhenRotatedTokenReusedThenFamilyRevoked() {
        TestServer.Response first = kit.exchange(web, kit.code(web, kit.newAccount()).create());
        TestServer.Response second = kit.token(web, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"));
        assertThat(second.status()).isEqualTo(200);
        app.server().clock.advance(Duration.ofSeconds(11)); // past tokens.refresh-reuse-grace
        assertError(kit.token(web, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token")),
                400, "invalid_grant");
        assertError(kit.token(web, "grant_type", "refresh_token", "refresh_token", second.text("refresh_token")),
                400, "invalid_grant");
    }

    @Test
    void refreshWhenFirstPartyTokenAtTokenEndpointOrOAuthTokenAtFirstPartyApiThenRefusedAndNotSpent() {
        String name = "fp_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        kit.newAccountNamed(name);
        String firstParty = app.server().login(name, OAuthTestKit.PASSWORD).text("refresh_token");
        assertError(kit.token(web, "grant_type", "refresh_token", "refresh_token", firstParty), 400, "invalid_grant");
        assertThat(app.server().refresh(firstParty).status()).isEqualTo(200);

        String oauth = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("refresh_token");
        assertError(app.server().refresh(oauth), 400, "invalid_grant");
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", oauth).status()).isEqualTo(200);
    }

    @Test
    void refreshWhenResourceWithinOriginalGrantThenAudienceNarrowedToIt() throws Exception {
        RegisteredClient c = kit.client("aud").audiences(API, OTHER_API).register();
        TestServer.Response first = kit.exchange(c, kit.code(c, kit.newAccount()).audiences(API, OTHER_API).create());
        TestServer.Response kept = kit.token(c, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"));
        assertThat(claims(kept.text("access_token")).getAudience()).containsExactlyInAnyOrder(API, OTHER_API);
        TestServer.Response picked = kit.token(c, "grant_type", "refresh_token", "refresh_token", kept.text("refresh_token"),
                "resource", API);
        assertThat(picked.status()).as(picked.toString()).isEqualTo(200);
        assertThat(claims(picked.text("access_token")).getAudience()).containsExactly(API);
        // Narrowing one access token does not narrow the grant.
        TestServer.Response again = kit.token(c, "grant_type", "refresh_token", "refresh_token", picked.text("refresh_token"),
                "resource", OTHER_API);
        assertThat(claims(again.text("access_token")).getAudience()).containsExactly(OTHER_API);
        assertError(kit.token(c, "grant_type", "refresh_token", "refresh_token", again.text("refresh_token"),
                "resource", "https://unknown.example.com"), 400, "invalid_target");
    }

    @Test
    void refreshWhenResourceOutsideTheOriginalResourcesThenInvalidTargetAndTokenNotSpent() throws Exception {
        RegisteredClient c = kit.client("aud").audiences(API, OTHER_API).register();
        TestServer.Response first = kit.exchange(c, kit.code(c, kit.newAccount()).audiences(OTHER_API).create());
        TestServer.Response widened = kit.token(c, "grant_type", "refresh_token", "refresh_token",
                first.text("refresh_token"), "resource", API);
        assertError(widened, 400, "invalid_target");
        assertThat(widened.text("access_token")).isNull();
        TestServer.Response still = kit.token(c, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"));
        assertThat(still.status()).as(still.toString()).isEqualTo(200);
        assertThat(claims(still.text("access_token")).getAudience()).containsExactly(OTHER_API);
    }

    @Test
    void refreshWhenResourceButNoneInTheOriginalGrantThenInvalidTarget() throws Exception {
        RegisteredClient c = kit.client("aud").audiences(API, OTHER_API).register();
        // Without resource the grant is for the client's default audience (its first) only.
        TestServer.Response first = kit.exchange(c, kit.code(c, kit.newAccount()).create());
        assertThat(claims(first.text("access_token")).getAudience()).containsExactly(API);
        TestServer.Response widened = kit.token(c, "grant_type", "refresh_token", "refresh_token",
                first.text("refresh_token"), "resource", OTHER_API);
        assertError(widened, 400, "invalid_target");
        assertThat(widened.text("access_token")).isNull();
        TestServer.Response same = kit.token(c, "grant_type", "refresh_token", "refresh_token", first.text("refresh_token"),
                "resource", API);
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
    }

    // ---- first-party logout with an OAuth client's refresh token -------------------------------------------------

    @Test
    void logoutWhenConfidentialClientsRefreshTokenThen204AndFamilyNotRevoked() {
        String refresh = kit.exchange(web, kit.code(web, kit.newAccount()).create()).text("refresh_token");
        TestServer.Response out = app.server().postJson("/api/v1/logout", TestServer.json(java.util.Map.of("refresh_token", refresh)));
        assertThat(out.status()).isEqualTo(204);
        assertThat(kit.token(web, "grant_type", "refresh_token", "refresh_token", refresh).status()).isEqualTo(200);
    }

    @Test
    void logoutWhenPublicClientsRefreshTokenThen204AndFamilyNotRevoked() {
        RegisteredClient spa = kit.client("spa").publicClient().register();
        String verifier = OAuthTestKit.verifier();
        String code = kit.code(spa, kit.newAccount()).pkce(verifier).create();
        String refresh = kit.post("/oauth2/token", form("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", spa.id())).text("refresh_token");
        TestServer.Response out = app.server().postJson("/api/v1/logout", TestServer.json(java.util.Map.of("refresh_token", refresh)));
        assertThat(out.status()).isEqualTo(204);
        assertThat(kit.post("/oauth2/token", form("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", spa.id())).status()).isEqualTo(200);
    }

    // ---- client_credentials -----------------------------------------------------------------------------------

    @Test
    void clientCredentialsWhenValidThenAccessTokenForClientAndNoRefresh() throws Exception {
        TestServer.Response r = kit.token(service, "grant_type", "client_credentials", "scope", "orders.read");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("refresh_token")).isNull();
        assertThat(r.text("id_token")).isNull();
        assertThat(r.text("scope")).isEqualTo("orders.read");
        assertThat(r.header("Cache-Control")).contains("no-store");
        JWTClaimsSet at = claims(r.text("access_token"));
        assertThat(at.getSubject()).isEqualTo(service.id());
        assertThat(at.getStringClaim("client_id")).isEqualTo(service.id());
        assertThat(at.getAudience()).containsExactly(API);
    }

    @Test
    void clientCredentialsWhenNoScopeThenRegisteredScopesWithoutUserScopes() {
        TestServer.Response r = kit.token(service, "grant_type", "client_credentials");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("scope")).isEqualTo("orders.read orders.write");
    }

    @Test
    void clientCredentialsWhenResourcesRepeatedThenEachInAudience() throws Exception {
        TestServer.Response r = kit.token(service, "grant_type", "client_credentials", "resource", API, "resource", OTHER_API);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(claims(r.text("access_token")).getAudience()).containsExactly(API, OTHER_API);
    }

    @Test
    void clientCredentialsWhenUnknownOrMalformedResourceThenInvalidTarget() {
        assertError(kit.token(service, "grant_type", "client_credentials", "resource", "https://evil.example.com"),
                400, "invalid_target");
        assertError(kit.token(service, "grant_type", "client_credentials", "resource", API + "#frag"), 400, "invalid_target");
        assertError(kit.token(service, "grant_type", "client_credentials", "resource", "relative/path"), 400, "invalid_target");
    }

    @Test
    void clientCredentialsWhenOpenidOfflineOrUnregisteredScopeThenInvalidScope() {
        RegisteredClient withOpenid = kit.client("svc").redirects().grants("client_credentials")
                .scopes("openid", "offline_access", "orders.read").register();
        assertError(kit.token(withOpenid, "grant_type", "client_credentials", "scope", "openid"), 400, "invalid_scope");
        assertError(kit.token(withOpenid, "grant_type", "client_credentials", "scope", "orders.read offline_access"),
                400, "invalid_scope");
        assertError(kit.token(service, "grant_type", "client_credentials", "scope", "admin"), 400, "invalid_scope");
        assertError(kit.token(service, "grant_type", "client_credentials", "scope", "orders.read \"x"), 400, "invalid_scope");
    }

    @Test
    void clientCredentialsWhenClientWithoutAudiencesThenIssuerAudience() throws Exception {
        RegisteredClient plain = kit.client("svc").redirects().grants("client_credentials").scopes("jobs").register();
        TestServer.Response r = kit.token(plain, "grant_type", "client_credentials");
        assertThat(claims(r.text("access_token")).getAudience()).containsExactly(app.server().issuer());
    }

    // ---- grant types and request format ------------------------------------------------------------------------

    @Test
    void tokenWhenGrantTypeUnknownOrRemovedThenUnsupportedGrantType() {
        for (String grant : List.of("password", "implicit", "urn:ietf:params:oauth:grant-type:device_code", "nonsense")) {
            assertError(kit.token(web, "grant_type", grant, "username", "a", "password", "b"), 400, "unsupported_grant_type");
        }
    }

    @Test
    void tokenWhenGrantNotRegisteredForClientThenUnauthorizedClient() {
        assertError(kit.token(web, "grant_type", "client_credentials"), 400, "unauthorized_client");
        assertError(kit.token(service, "grant_type", "refresh_token", "refresh_token", "x"), 400, "unauthorized_client");
    }

    @Test
    void tokenWhenGrantTypeMissingThenInvalidRequest() {
        assertError(kit.token(web, "code", "x"), 400, "invalid_request");
    }

    @Test
    void tokenWhenParameterRepeatedThenInvalidRequest() {
        String code = kit.code(web, kit.newAccount()).create();
        assertError(kit.post("/oauth2/token", form("grant_type", "authorization_code", "code", code, "code", code,
                "redirect_uri", REDIRECT), "Authorization", web.basic()), 400, "invalid_request");
        assertError(kit.post("/oauth2/token", form("grant_type", "client_credentials", "grant_type", "client_credentials"),
                "Authorization", service.basic()), 400, "invalid_request");
        assertError(kit.post("/oauth2/token", form("grant_type", "client_credentials", "scope", "orders.read",
                "scope", "orders.write"), "Authorization", service.basic()), 400, "invalid_request");
    }

    @Test
    void tokenWhenNotFormEncodedThenInvalidRequest() {
        TestServer.Response json = app.server().postJson("/oauth2/token", "{\"grant_type\":\"client_credentials\"}",
                "Authorization", service.basic());
        assertError(json, 400, "invalid_request");
        TestServer.Response none = app.server().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(app.server().url("/oauth2/token")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")),
                "Authorization", service.basic());
        assertError(none, 400, "invalid_request");
    }

    @Test
    void tokenWhenFormContentTypeHasCharsetThenAccepted() {
        TestServer.Response r = app.server().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(app.server().url("/oauth2/token")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")),
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8", "Authorization", service.basic());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void tokenWhenBodyTooLargeThen413() {
        TestServer.Response r = kit.post("/oauth2/token", form("grant_type", "client_credentials", "pad", "x".repeat(20_000)),
                "Authorization", service.basic());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text("error")).isEqualTo("invalid_request");
    }

    @Test
    void tokenWhenBadPercentEncodingThenInvalidRequest() {
        assertError(kit.post("/oauth2/token", "grant_type=client_credentials&scope=%zz", "Authorization", service.basic()),
                400, "invalid_request");
    }

    @Test
    void tokenWhenParametersInQueryThenIgnored() {
        TestServer.Response r = kit.post("/oauth2/token?client_id=" + service.id() + "&client_secret=" + service.secret(),
                form("grant_type", "client_credentials"));
        OAuthTestKit.assertInvalidClient(r);
    }

    @Test
    void tokenWhenGetThen405() {
        TestServer.Response r = app.server().get("/oauth2/token?grant_type=client_credentials",
                "Authorization", service.basic());
        assertThat(r.status()).isEqualTo(405);
    }

    @Test
    void tokenWhenClientSecretPostClientThenWorksWithBodyCredentials() {
        RegisteredClient post = kit.client("post").method(AuthMethod.CLIENT_SECRET_POST).redirects()
                .grants("client_credentials").scopes("jobs").register();
        TestServer.Response r = kit.post("/oauth2/token", form("grant_type", "client_credentials", "client_id", post.id(),
                "client_secret", post.secret()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
