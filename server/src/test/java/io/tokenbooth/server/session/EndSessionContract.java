package io.tokenbooth.server.session;

import static io.tokenbooth.server.oauth.authorize.Browser.PASSWORD;
import static io.tokenbooth.server.oauth.authorize.Browser.isLoginForm;
import static io.tokenbooth.server.oauth.authorize.Browser.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.oauth.authorize.AuthorizeUrl;
import io.tokenbooth.server.oauth.authorize.Browser;
import io.tokenbooth.server.oauth.authorize.TestClients;
import io.tokenbooth.server.pages.BrowserCookies;
import io.tokenbooth.server.testing.RunningServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RP-Initiated Logout 1.0 at {@code /oauth2/logout}: the session ends, the user goes back only to an exactly
 * registered {@code post_logout_redirect_uri}, and without a verified {@code id_token_hint} the user confirms first.
 * ID token hints are signed here with the server's own RS256 key, in the shape of the ID tokens it issues. Run once
 * per database (see the H2 and PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndSessionContract {
    private static final String LOGGED_OUT = "https://app.example.test/logged-out";
    private static final String REFUSED = "The return address was refused";
    /** The server on the subclass's database kind, registered there as a static {@code @RegisterExtension}. */
    private final RunningServer app;
    private Client client;

    EndSessionContract(RunningServer app) {
        this.app = app;
    }

    @BeforeAll
    void start() {
        client = TestClients.on(app.server()).firstParty()
                .postLogoutRedirectUris(LOGGED_OUT, "https://app.example.test/bye?from=idp").register();
    }

    /** A browser signed in as a new user; returns the account id. */
    private String signedIn(Browser browser) {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        String id = app.server().signup(name, PASSWORD).get("id").asText();
        Page p = Browser.signIn(browser.page(AuthorizeUrl.valid(app.server(), client).url()), name, PASSWORD);
        assertThat(Browser.redirectParams(p)).containsKey("code");
        return id;
    }

    private boolean stillSignedIn(Browser browser) {
        return !isLoginForm(browser.get(AuthorizeUrl.valid(app.server(), client).url()));
    }

    private Instant now() {
        return app.server().clock.instant();
    }

    private String idToken(String subject, String audience, Instant issuedAt) {
        SigningKey key = app.server().tokenbooth().services().keys.ring().signingKey("RS256", now()).orElseThrow();
        return sign(key.kid(), subject, audience, issuedAt, jwt -> jwt.sign(key.signer()));
    }

    private interface Signing {
        void sign(SignedJWT jwt) throws JOSEException;
    }

    private String sign(String kid, String subject, String audience, Instant issuedAt, Signing signing) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(app.server().issuer()).subject(subject)
                .audience(audience).claim("azp", audience).issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(Duration.ofMinutes(15)))).jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        try {
            signing.sign(jwt);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private String logoutUrl(String... params) {
        StringBuilder b = new StringBuilder("/oauth2/logout");
        for (int i = 0; i < params.length; i += 2) {
            b.append(i == 0 ? '?' : '&').append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return app.server().url(b.toString());
    }

    @Test
    void logoutWhenValidIdTokenHintAndExactPostLogoutUriThenRedirectWithStateAndSessionEnded() {
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            String cookie = browser.web.getCookieManager().getCookie(BrowserCookies.SESSION).getValue();
            Page p = browser.get(logoutUrl("id_token_hint", idToken(account, client.clientId(), now()),
                    "post_logout_redirect_uri", LOGGED_OUT, "state", "s 1&2"));
            assertThat(status(p)).isEqualTo(302);
            assertThat(Browser.location(p)).isEqualTo(LOGGED_OUT + "?state=s%201%262");
            assertThat(p.getWebResponse().getResponseHeaderValue("Set-Cookie"))
                    .startsWith(BrowserCookies.SESSION + "=;").contains("Max-Age=0");
            assertThat(app.server().tokenbooth().services().ssoSessions.resolve(Optional.of(cookie))).isEmpty();
            assertThat(stillSignedIn(browser)).as("after logout the next authorize shows the form").isFalse();
        }
    }

    @Test
    void logoutWhenRegisteredUriHasQueryThenStateIsAppended() {
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            Page p = browser.get(logoutUrl("id_token_hint", idToken(account, client.clientId(), now()),
                    "post_logout_redirect_uri", "https://app.example.test/bye?from=idp", "state", "xyz"));
            assertThat(Browser.location(p)).isEqualTo("https://app.example.test/bye?from=idp&state=xyz");
        }
    }

    @Test
    void logoutWhenIdTokenHintExpiredThenStillAccepted() {
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            String old = idToken(account, client.clientId(), now().minus(Duration.ofDays(1)));
            Page p = browser.get(logoutUrl("id_token_hint", old, "post_logout_redirect_uri", LOGGED_OUT));
            assertThat(Browser.location(p)).isEqualTo(LOGGED_OUT);
            assertThat(stillSignedIn(browser)).isFalse();
        }
    }

    /**
     * A refused return address must not look like success (OIDF conformance, "bad post_logout_redirect_uri" and
     * "query added to post_logout_redirect_uri"): no redirect, a page that says the address was refused, and nothing
     * ended until the user confirms on a CSRF-protected form.
     */
    @Test
    void logoutWhenValidHintAndReturnAddressNotRegisteredThenRefusalShownAndSessionKeptUntilConfirmed() {
        for (String uri : List.of("https://evil.example.test/", "https://app.example.test/logged",
                "https://app.example.test/logged-out/extra", LOGGED_OUT + "?next=https://evil.example.test",
                "https://APP.example.test/logged-out", LOGGED_OUT + "#x", "https://app.example.test/bye")) {
            try (Browser browser = new Browser()) {
                String account = signedIn(browser);
                HtmlPage confirm = browser.page(logoutUrl("id_token_hint", idToken(account, client.clientId(), now()),
                        "post_logout_redirect_uri", uri, "state", "s", "ui_locales", "en"));
                assertThat(status(confirm)).as(uri).isEqualTo(200);
                assertThat(confirm.getWebResponse().getResponseHeaderValue("Location")).as(uri).isNull();
                assertThat(confirm.asNormalizedText()).as(uri).contains(REFUSED).contains("Sign out of Tokenbooth?")
                        .doesNotContain("You have signed out");
                assertThat(confirm.asNormalizedText()).as("the refused address is not shown").doesNotContain("evil");
                assertThat(stillSignedIn(browser)).as("nothing ends before the user confirms: " + uri).isTrue();

                Page done = submit(confirm.getForms().get(0));
                assertThat(status(done)).as(uri).isEqualTo(200);
                assertThat(done.getWebResponse().getResponseHeaderValue("Location")).as(uri).isNull();
                assertThat(((HtmlPage) done).asNormalizedText()).contains("You have signed out").contains(REFUSED);
                assertThat(stillSignedIn(browser)).as("confirmed: " + uri).isFalse();
            }
        }
    }

    @Test
    void logoutWhenReturnAddressRefusedInKoreanThenRefusalInKorean() {
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            HtmlPage confirm = browser.page(logoutUrl("id_token_hint", idToken(account, client.clientId(), now()),
                    "post_logout_redirect_uri", "https://evil.example.test/", "ui_locales", "ko"));
            assertThat(confirm.asNormalizedText()).contains("거부").doesNotContain(REFUSED);
            assertThat(stillSignedIn(browser)).isTrue();
        }
    }

    @Test
    void logoutWhenNotSignedInAndReturnAddressNotRegisteredThenSignedOutPageSaysItWasRefused() {
        try (Browser browser = new Browser()) {
            Page p = browser.get(logoutUrl("client_id", client.clientId(), "post_logout_redirect_uri",
                    "https://evil.example.test/", "state", "s"));
            assertThat(status(p)).isEqualTo(200);
            assertThat(p.getWebResponse().getResponseHeaderValue("Location")).isNull();
            assertThat(((HtmlPage) p).asNormalizedText()).contains("You have signed out").contains(REFUSED);
        }
    }

    @Test
    void logoutWhenValidHintAndNoReturnAddressThenSignedOutWithoutRefusal() {
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            Page p = browser.get(logoutUrl("id_token_hint", idToken(account, client.clientId(), now())));
            assertThat(status(p)).isEqualTo(200);
            assertThat(((HtmlPage) p).asNormalizedText()).contains("You have signed out").doesNotContain(REFUSED);
            assertThat(stillSignedIn(browser)).isFalse();
        }
    }

    @Test
    void logoutWithoutHintThenConfirmationFirstAndSessionKeptUntilConfirmed() {
        try (Browser browser = new Browser()) {
            signedIn(browser);
            HtmlPage confirm = browser.page(logoutUrl("client_id", client.clientId(), "post_logout_redirect_uri",
                    LOGGED_OUT, "state", "abc"));
            assertThat(status(confirm)).isEqualTo(200);
            assertThat(confirm.asNormalizedText()).contains("Sign out of Tokenbooth?");
            assertThat(stillSignedIn(browser)).as("a link alone signs nobody out").isTrue();

            Page p = submit(confirm.getForms().get(0));
            assertThat(status(p)).isEqualTo(303);
            assertThat(Browser.location(p)).isEqualTo(LOGGED_OUT + "?state=abc");
            assertThat(stillSignedIn(browser)).isFalse();
        }
    }

    @Test
    void logoutConfirmWhenCsrfTokenWrongThen403AndStillSignedIn() {
        try (Browser browser = new Browser()) {
            signedIn(browser);
            HtmlPage confirm = browser.page(logoutUrl());
            HtmlForm form = confirm.getForms().get(0);
            form.getInputByName("csrf_token").setValue("B".repeat(43));
            Page p = submit(form);
            assertThat(status(p)).isEqualTo(403);
            assertThat(stillSignedIn(browser)).isTrue();
        }
    }

    @Test
    void logoutWhenHintSignedWithAnotherKeyThenNotTrustedAndNoRedirect() throws Exception {
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            String kid = app.server().tokenbooth().services().keys.ring().signingKey("RS256", now()).orElseThrow()
                    .kid();
            RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid).generate();
            String forged = sign(kid, account, client.clientId(), now(),
                    jwt -> jwt.sign(new RSASSASigner(attacker)));
            HtmlPage confirm = browser.page(logoutUrl("id_token_hint", forged, "post_logout_redirect_uri", LOGGED_OUT));
            assertThat(confirm.asNormalizedText()).as("asks instead of trusting").contains("Sign out of Tokenbooth?");
            Page p = submit(confirm.getForms().get(0));
            assertThat(status(p)).isEqualTo(200);
            assertThat(p.getWebResponse().getResponseHeaderValue("Location")).as("an unverified hint names no client").isNull();
            assertThat(stillSignedIn(browser)).isFalse();
        }
    }

    @Test
    void logoutWhenHintUnsignedOrAnAccessTokenThenNotTrusted() {
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            String none = new PlainJWT(new JWTClaimsSet.Builder().issuer(app.server().issuer()).subject(account)
                    .audience(client.clientId()).build()).serialize();
            assertThat(browser.page(logoutUrl("id_token_hint", none, "post_logout_redirect_uri", LOGGED_OUT))
                    .asNormalizedText()).contains("Sign out of Tokenbooth?");
            String accessToken = firstPartyAccessToken(); // typ at+jwt, signed with our own key
            assertThat(browser.page(logoutUrl("id_token_hint", accessToken, "post_logout_redirect_uri", LOGGED_OUT))
                    .asNormalizedText()).contains("Sign out of Tokenbooth?");
            assertThat(stillSignedIn(browser)).isTrue();
        }
    }

    private String firstPartyAccessToken() {
        String name = "api_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, PASSWORD);
        return app.server().login(name, PASSWORD).text("access_token");
    }

    @Test
    void logoutWhenClientIdDiffersFromHintAudienceThenErrorAndStillSignedIn() {
        Client other = TestClients.on(app.server()).postLogoutRedirectUris("https://other.example.test/out").register();
        try (Browser browser = new Browser()) {
            String account = signedIn(browser);
            Page p = browser.get(logoutUrl("id_token_hint", idToken(account, client.clientId(), now()),
                    "client_id", other.clientId(), "post_logout_redirect_uri", "https://other.example.test/out"));
            assertThat(status(p)).isEqualTo(400);
            assertThat(p.getWebResponse().getResponseHeaderValue("Location")).isNull();
            assertThat(stillSignedIn(browser)).isTrue();
        }
    }

    @Test
    void logoutWhenHintIsAnotherUsersThenConfirmationAsked() {
        try (Browser browser = new Browser()) {
            signedIn(browser);
            HtmlPage p = browser.page(logoutUrl("id_token_hint", idToken(UUID.randomUUID().toString(),
                    client.clientId(), now()), "post_logout_redirect_uri", LOGGED_OUT));
            assertThat(p.asNormalizedText()).contains("Sign out of Tokenbooth?");
            assertThat(stillSignedIn(browser)).isTrue();
        }
    }

    @Test
    void logoutWhenNotSignedInThenNoConfirmationNeeded() {
        try (Browser browser = new Browser()) {
            Page p = browser.get(logoutUrl("client_id", client.clientId(), "post_logout_redirect_uri", LOGGED_OUT));
            assertThat(Browser.location(p)).isEqualTo(LOGGED_OUT);
            Page page = browser.get(logoutUrl());
            assertThat(page.getWebResponse().getContentAsString()).contains("You have signed out");
        }
    }

    @Test
    void logoutWhenParameterRepeatedThenErrorAndNothingDone() {
        try (Browser browser = new Browser()) {
            signedIn(browser);
            Page p = browser.get(logoutUrl("state", "a", "state", "b"));
            assertThat(status(p)).isEqualTo(400);
            assertThat(stillSignedIn(browser)).isTrue();
        }
    }

    private static Page submit(HtmlForm form) {
        try {
            return ((org.htmlunit.html.DomElement) form.getFirstByXPath(".//button[@type='submit']")).click();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
