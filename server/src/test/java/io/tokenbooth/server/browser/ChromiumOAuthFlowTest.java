package io.tokenbooth.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * The OAuth 2.1 / OpenID Connect browser flows in a real browser (headless Chromium through Selenium and
 * chromedriver), with the Nimbus OAuth 2.0 SDK as the relying party: authorization request with PKCE S256, state and
 * nonce; the sign-in and consent pages; the redirect to a real client callback (a JDK HTTP server on 127.0.0.1);
 * code exchange, ID token validation from discovery and JWKS, UserInfo and refresh; SSO, {@code prompt=login},
 * RP-initiated logout; the Korean pages; a wrong password. JavaScript is on, as in any real browser, while the pages
 * must work without it and keep their cookies out of its reach. H2 only. Screenshots of the sign-in (en, ko) and
 * consent pages go to {@code target/screenshots/}.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian: {@code apt-get install chromium
 * chromium-driver}); skipped without them, except under {@code CI=true}, where that fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChromiumOAuthFlowTest {
    private static final String PASSWORD = "amber-quarry-lantern-83";
    private static final String SESSION_COOKIE = "tokenbooth_session";
    private static final String CSRF_COOKIE = "tokenbooth_csrf";
    /** {@code body{background:#f3f4f6}} of the pages' one inline stylesheet, applied only if the CSP hash allows it. */
    private static final String STYLED_BACKGROUND = "rgb(243, 244, 246)";
    private static final Scope SCOPE = new Scope("openid", "profile", "email", "offline_access");

    private Optional<String> missingBrowser = Optional.empty();
    private TestDatabase db;
    private TestServer server;
    private CallbackServer rp;
    private OIDCProviderMetadata op;
    private JWSAlgorithm idTokenAlg;
    private ClientID publicClient;
    private ClientID confidentialClient;
    private Secret confidentialSecret;
    private URI redirectUri;
    private URI postLogoutUri;
    private String username;
    private String accountId;
    private String otherUsername;

    @BeforeAll
    void start() throws Exception {
        missingBrowser = Chromium.missing();
        if (missingBrowser.isPresent()) {
            return;
        }
        db = TestDatabase.create(TestDatabase.Kind.H2);
        server = TestServer.builder(db).start();
        rp = CallbackServer.start();
        redirectUri = URI.create(rp.redirectUri());
        postLogoutUri = URI.create(rp.postLogoutRedirectUri());
        ClientService clients = server.tokenbooth().services().clients;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        publicClient = new ClientID(clients.register(registration("spa-" + suffix, "Chromium Test App", true))
                .client().clientId());
        ClientService.Registered web = clients.register(registration("web-" + suffix, "Chromium Web App", false));
        confidentialClient = new ClientID(web.client().clientId());
        confidentialSecret = new Secret(web.secret().orElseThrow());
        username = "chromium_" + suffix;
        accountId = server.signup(username, PASSWORD).get("id").asText();
        otherUsername = "typo_" + suffix;
        server.signup(otherUsername, PASSWORD);
        op = OIDCProviderMetadata.parse(server.get("/.well-known/openid-configuration").body());
        idTokenAlg = op.getIDTokenJWSAlgs().get(0);
    }

    /** Each test is skipped on its own, so that the reason shows in the test report and the console. */
    @BeforeEach
    void browserInstalled() {
        Chromium.assumeInstalled(missingBrowser);
    }

    private ClientRegistration registration(String id, String name, boolean publicClient) {
        // Default grants (authorization_code, refresh_token) and scopes (openid profile email offline_access).
        return new ClientRegistration(id, Optional.of(name), publicClient, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(rp.redirectUri()), List.of(rp.postLogoutRedirectUri()), List.of(), List.of(),
                List.of(), List.of(), false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @AfterAll
    void stop() {
        if (rp != null) {
            rp.close();
        }
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** One authorization request of the relying party: its URL and what the RP keeps to finish it. */
    private record Authz(ClientID client, URI uri, State state, Nonce nonce, CodeVerifier verifier) {
    }

    private Authz authorize(ClientID client, Prompt.Type prompt, String uiLocale) throws Exception {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder b = new AuthenticationRequest.Builder(new ResponseType("code"), SCOPE, client,
                redirectUri).endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (prompt != null) {
            b.prompt(prompt);
        }
        if (uiLocale != null) {
            b.uiLocales(List.of(LangTag.parse(uiLocale)));
        }
        return new Authz(client, b.build().toURI(), state, nonce, verifier);
    }

    private Authz authorize(ClientID client) throws Exception {
        return authorize(client, null, null);
    }

    /** The sign-in page, with the pages' stylesheet applied (so the CSP let it through) and no CSP complaints. */
    private void assertLoginPage(Chromium browser, String lang) {
        assertThat(browser.showsLoginForm()).as("the sign-in form; %s", browser.describe()).isTrue();
        assertThat(browser.url()).startsWith(server.url("/oauth2/authorize"));
        assertThat(browser.lang()).isEqualTo(lang);
        assertStyledWithoutCspViolations(browser);
    }

    private void assertStyledWithoutCspViolations(Chromium browser) {
        assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
                .as("the inline stylesheet applies (its CSP hash matches)").isEqualTo(STYLED_BACKGROUND);
        assertThat(browser.cspViolations()).as("Content-Security-Policy complaints in the console").isEmpty();
    }

    private void signIn(Chromium browser, String user, String password) {
        browser.fill("username", user);
        browser.fill("password", password);
        browser.clickAndWait(By.cssSelector("button[type=submit]"));
    }

    /** The browser is at the client's callback: checks state and iss there, and returns the code. */
    private AuthorizationCode callback(Chromium browser, Authz authz) throws Exception {
        CallbackServer.Hit hit = rp.next();
        assertThat(hit.path()).as(browser.describe()).isEqualTo("/callback");
        assertThat(browser.url()).as("the browser shows the client's page").isEqualTo(hit.uri(rp).toString());
        assertThat(hit.params()).as("the callback query").containsOnlyKeys("code", "state", "iss");
        AuthenticationResponse response = AuthenticationResponseParser.parse(hit.uri(rp));
        assertThat(response.indicatesSuccess()).as("%s", hit).isTrue();
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(authz.state());
        assertThat(success.getIssuer()).as("RFC 9207 iss").isEqualTo(op.getIssuer());
        assertThat(success.getAuthorizationCode()).isNotNull();
        return success.getAuthorizationCode();
    }

    private OIDCTokens tokenRequest(ClientID client, AuthorizationGrant grant) throws Exception {
        TokenRequest request = client.equals(confidentialClient)
                ? new TokenRequest(op.getTokenEndpointURI(), new ClientSecretBasic(client, confidentialSecret), grant)
                : new TokenRequest(op.getTokenEndpointURI(), client, grant);
        TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess())
                .as(() -> "token response: " + response.toErrorResponse().getErrorObject().toJSONObject()).isTrue();
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    /** Exchanges the code with PKCE, validates the ID token (nonce included) and the at_hash; returns the tokens. */
    private OIDCTokens exchange(Authz authz, AuthorizationCode code) throws Exception {
        OIDCTokens tokens = tokenRequest(authz.client(),
                new AuthorizationCodeGrant(code, redirectUri, authz.verifier()));
        assertThat(tokens.getRefreshToken()).as("offline_access gives a refresh token").isNotNull();
        IDTokenClaimsSet claims = validator(authz.client()).validate(tokens.getIDToken(), authz.nonce());
        assertThat(claims.getSubject().getValue()).isEqualTo(accountId);
        assertThat(claims.getAuthenticationTime()).isNotNull();
        assertThat(claims.getAMR()).extracting(Object::toString).contains("pwd");
        AccessTokenValidator.validate(tokens.getAccessToken(), idTokenAlg, claims.getAccessTokenHash());
        return tokens;
    }

    private IDTokenValidator validator(ClientID client) throws Exception {
        return new IDTokenValidator(op.getIssuer(), client, idTokenAlg, op.getJWKSetURI().toURL());
    }

    private long authTime(ClientID client, OIDCTokens tokens) throws Exception {
        return validator(client).validate(tokens.getIDToken(), null).getAuthenticationTime().getTime() / 1000;
    }

    @Test
    void signInConsentTokensThenSsoPromptLoginAndLogout() throws Exception {
        try (Chromium browser = new Chromium()) {
            // 1. The RP sends the browser to the authorization endpoint: the English sign-in page.
            Authz first = authorize(publicClient);
            browser.open(first.uri().toString());
            assertLoginPage(browser, "en");
            assertThat(browser.text(By.tagName("h1"))).isEqualTo("Sign in");
            assertThat(browser.driver.findElement(By.name("username")).getDomAttribute("autocomplete"))
                    .isEqualTo("username");
            assertThat(browser.driver.findElement(By.name("password")).getDomAttribute("autocomplete"))
                    .isEqualTo("current-password");
            browser.screenshot("login-en.png");
            Cookie csrf = browser.cookie(CSRF_COOKIE);
            assertThat(csrf).as("the CSRF cookie").isNotNull();
            assertThat(csrf.isHttpOnly()).isTrue();
            assertThat(browser.documentCookie()).doesNotContain(CSRF_COOKIE);

            // 2. Sign in: the consent page of this (not first-party) client, and an HttpOnly session cookie.
            signIn(browser, username, PASSWORD);
            assertThat(browser.showsConsent()).as("the consent page; %s", browser.describe()).isTrue();
            assertThat(browser.url()).startsWith(server.url("/oauth2/authorize"));
            assertThat(browser.text(By.tagName("h1"))).contains("Chromium Test App");
            assertThat(browser.driver.findElements(By.cssSelector("#consent-scopes li"))).hasSize(4);
            assertStyledWithoutCspViolations(browser);
            browser.screenshot("consent-en.png");
            Cookie session = browser.cookie(SESSION_COOKIE);
            assertThat(session).as("the SSO session cookie after the sign-in POST and its 303").isNotNull();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Lax");
            assertThat(session.getPath()).isEqualTo("/");
            assertThat(session.getExpiry()).as("a browser-session cookie").isNull();
            assertThat(browser.documentCookie()).as("document.cookie on %s", browser.url())
                    .doesNotContain(SESSION_COOKIE).doesNotContain(session.getValue());
            // Control: a cookie that is not HttpOnly is visible to document.cookie on this very page.
            browser.script("document.cookie = 'tb_probe=visible; path=/'");
            assertThat(browser.documentCookie()).contains("tb_probe=visible").doesNotContain(SESSION_COOKIE);
            browser.driver.manage().deleteCookieNamed("tb_probe");

            // 3. Allow: back at the client with code, state and iss.
            browser.clickAndWait(By.cssSelector("button[value=allow]"));
            AuthorizationCode code = callback(browser, first);

            // 4. The RP exchanges the code (public client, PKCE), validates the ID token, calls UserInfo, refreshes.
            OIDCTokens tokens = exchange(first, code);
            long signedInAt = authTime(publicClient, tokens);
            UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(),
                    tokens.getBearerAccessToken()).toHTTPRequest().send());
            assertThat(info.indicatesSuccess()).as("UserInfo").isTrue();
            UserInfo user = info.toSuccessResponse().getUserInfo();
            assertThat(user.getSubject().getValue()).isEqualTo(accountId);
            assertThat(user.getPreferredUsername()).isEqualTo(username);
            OIDCTokens refreshed = tokenRequest(publicClient, new RefreshTokenGrant(tokens.getRefreshToken()));
            assertThat(refreshed.getRefreshToken()).isNotNull().isNotEqualTo(tokens.getRefreshToken());
            IDTokenClaimsSet refreshedClaims = validator(publicClient).validate(refreshed.getIDToken(), null);
            assertThat(refreshedClaims.getSubject().getValue()).isEqualTo(accountId);
            assertThat(refreshedClaims.getNonce()).as("no nonce after a refresh").isNull();

            // 5. SSO: same browser, same client: no sign-in form, consent remembered, straight to the callback.
            Authz sso = authorize(publicClient);
            browser.open(sso.uri().toString());
            OIDCTokens ssoTokens = exchange(sso, callback(browser, sso));
            assertThat(authTime(publicClient, ssoTokens)).as("auth_time of the SSO session").isEqualTo(signedInAt);

            // 6. Another client in the same browser: no sign-in (SSO), but its own consent; a confidential client.
            Authz web = authorize(confidentialClient);
            browser.open(web.uri().toString());
            assertThat(browser.showsConsent()).as("consent for the second client; %s", browser.describe()).isTrue();
            assertThat(browser.text(By.tagName("h1"))).contains("Chromium Web App");
            browser.clickAndWait(By.cssSelector("button[value=allow]"));
            OIDCTokens webTokens = exchange(web, callback(browser, web));
            assertThat(authTime(confidentialClient, webTokens)).isEqualTo(signedInAt);

            // 7. prompt=login: the sign-in form again despite the session; consent is still remembered.
            server.clock.advance(Duration.ofSeconds(5));
            Authz again = authorize(confidentialClient, Prompt.Type.LOGIN, null);
            browser.open(again.uri().toString());
            assertLoginPage(browser, "en");
            signIn(browser, username, PASSWORD);
            OIDCTokens againTokens = exchange(again, callback(browser, again));
            assertThat(authTime(confidentialClient, againTokens)).as("a new sign-in")
                    .isGreaterThanOrEqualTo(signedInAt + 5);
            Cookie newSession = browser.cookie(SESSION_COOKIE);
            assertThat(newSession).isNotNull();
            assertThat(newSession.getValue()).as("a new session value on every sign-in")
                    .isNotEqualTo(session.getValue());

            // 8. RP-initiated logout with id_token_hint: back at the registered post-logout URI with the state.
            State logoutState = new State();
            URI logout = new LogoutRequest(op.getEndSessionEndpointURI(), againTokens.getIDToken(), postLogoutUri,
                    logoutState).toURI();
            browser.open(logout.toString());
            CallbackServer.Hit signedOut = rp.next();
            assertThat(signedOut.path()).as(browser.describe()).isEqualTo("/signed-out");
            assertThat(signedOut.params()).containsExactly(Map.entry("state", logoutState.getValue()));
            assertThat(browser.url()).isEqualTo(signedOut.uri(rp).toString());
            browser.open(server.url("/.well-known/openid-configuration"));
            assertThat(browser.cookie(SESSION_COOKIE)).as("the session cookie after logout").isNull();

            // 9. Signed out: the next authorization request shows the sign-in form, and nothing reaches the client.
            browser.open(authorize(publicClient).uri().toString());
            assertLoginPage(browser, "en");
            assertThat(rp.nothingArrived()).isTrue();
        }
    }

    @Test
    void koreanPagesWithUiLocales() throws Exception {
        try (Chromium browser = new Chromium()) {
            browser.open(authorize(publicClient, null, "ko").uri().toString());
            assertLoginPage(browser, "ko");
            assertThat(browser.text(By.tagName("h1"))).isEqualTo("로그인");
            assertThat(browser.text(By.cssSelector("label[for=username]"))).isEqualTo("사용자 이름");
            assertThat(browser.text(By.cssSelector("label[for=password]"))).isEqualTo("비밀번호");
            assertThat(browser.text(By.cssSelector("button[type=submit]"))).isEqualTo("로그인");
            browser.screenshot("login-ko.png");

            // The language survives the form POST: the error comes in Korean too.
            signIn(browser, otherUsername, "not-the-password");
            assertLoginPage(browser, "ko");
            assertThat(browser.text(By.id("login-error"))).isEqualTo("사용자 이름 또는 비밀번호가 올바르지 않습니다.");
            assertThat(rp.nothingArrived()).isTrue();
        }
    }

    @Test
    void wrongPasswordShowsTheErrorAndNoRedirect() throws Exception {
        try (Chromium browser = new Chromium()) {
            Authz authz = authorize(publicClient);
            browser.open(authz.uri().toString());
            assertLoginPage(browser, "en");
            signIn(browser, otherUsername, "wrong-" + PASSWORD);

            assertLoginPage(browser, "en");
            assertThat(browser.url()).as("still on our page, not redirected")
                    .startsWith(server.url("/oauth2/authorize"));
            assertThat(browser.text(By.id("login-error"))).isEqualTo("The username or password is incorrect.");
            assertThat(browser.driver.findElement(By.id("login-error")).getDomAttribute("role")).isEqualTo("alert");
            assertThat(browser.driver.findElement(By.name("username")).getDomProperty("value"))
                    .isEqualTo(otherUsername);
            assertThat(browser.driver.findElement(By.name("password")).getDomProperty("value")).isEmpty();
            assertThat(browser.driver.findElement(By.name("password")).getDomAttribute("aria-describedby"))
                    .isEqualTo("login-error");
            assertThat(browser.cookie(SESSION_COOKIE)).as("no session after a wrong password").isNull();
            assertThat(rp.nothingArrived()).as("no redirect to the client").isTrue();

            // The form shown again still works: the right password gets through to consent and the client.
            browser.fill("password", PASSWORD);
            browser.clickAndWait(By.cssSelector("button[type=submit]"));
            assertThat(browser.showsConsent()).as("consent; %s", browser.describe()).isTrue();
            browser.clickAndWait(By.cssSelector("button[value=allow]"));
            assertThat(callback(browser, authz)).isNotNull();
        }
    }
}
