package io.tokenbooth.server.oauth.authorize;

import static io.tokenbooth.server.oauth.authorize.Browser.PASSWORD;
import static io.tokenbooth.server.oauth.authorize.Browser.decide;
import static io.tokenbooth.server.oauth.authorize.Browser.isConsentForm;
import static io.tokenbooth.server.oauth.authorize.Browser.isLoginForm;
import static io.tokenbooth.server.oauth.authorize.Browser.redirectParams;
import static io.tokenbooth.server.oauth.authorize.Browser.signIn;
import static io.tokenbooth.server.oauth.authorize.Browser.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.oauth.code.AuthorizationCode;
import io.tokenbooth.server.oauth.code.Redemption;
import io.tokenbooth.server.pages.BrowserCookies;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.token.OpaqueTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow through the real pages, in a browser without JavaScript: sign-in, consent, SSO,
 * {@code prompt}, {@code max_age}, session lifetimes, and the codes as stored. Run once per database (see the H2 and
 * PostgreSQL subclasses).
 */
abstract class AuthorizationFlowContract {
    /** The server on the subclass's database kind, registered there as a static {@code @RegisterExtension}. */
    private final RunningServer app;

    AuthorizationFlowContract(RunningServer app) {
        this.app = app;
    }

    /** A server on a database of {@code kind}, configured as these tests need; each subclass registers one. */
    static RunningServer running(TestDatabase.Kind kind) {
        return RunningServer.on(kind)
                .set("sso.idle-ttl", "30m")
                .set("sso.absolute-ttl", "1h")
                .set("rate-limit.account-free-failures", "3");
    }

    private record User(String name, String id) {
    }

    private User newUser() {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        return new User(name, app.server().signup(name, PASSWORD).get("id").asText());
    }

    private Client thirdParty() {
        return TestClients.on(app.server()).name("Photo Printer").register();
    }

    /** Signs {@code user} in through the form and approves; returns the redirect's parameters. */
    private Map<String, String> signInAndAllow(Browser browser, AuthorizeUrl url, User user) {
        Page afterLogin = signIn(browser.page(url.url()), user.name(), PASSWORD);
        Page afterConsent = isConsentForm(afterLogin) ? decide((HtmlPage) afterLogin, true) : afterLogin;
        return redirectParams(afterConsent);
    }

    private AuthorizationCode redeem(String code) {
        Redemption r = app.server().tokenbooth().services().codes
                .redeem(OpaqueTokens.hash(code), app.server().clock.instant());
        assertThat(r).isInstanceOf(Redemption.Fresh.class);
        return ((Redemption.Fresh) r).code();
    }

    @Test
    void authorizeWhenSignedInAndAllowedThenCodeOnRedirectWithStateAndIss() {
        User user = newUser();
        Client client = thirdParty();
        AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client);
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(url.url());
            assertThat(status(login)).isEqualTo(200);
            assertThat(isLoginForm(login)).isTrue();
            assertThat(login.asNormalizedText()).contains("Photo Printer");

            Page consent = signIn(login, user.name(), PASSWORD);
            assertThat(isConsentForm(consent)).as("consent page after sign-in").isTrue();
            assertThat(((HtmlPage) consent).asNormalizedText()).contains("Photo Printer", user.name(),
                    "Confirm your identity", "See your profile");

            Page back = decide((HtmlPage) consent, true);
            assertThat(status(back)).isEqualTo(303);
            String location = Browser.location(back);
            assertThat(location).startsWith(client.redirectUris().get(0) + "?code=");
            Map<String, String> params = redirectParams(back);
            assertThat(params).containsEntry("state", url.get("state")).containsEntry("iss", app.server().issuer())
                    .doesNotContainKey("error");

            AuthorizationCode code = redeem(params.get("code"));
            assertThat(code.clientId()).isEqualTo(client.clientId());
            assertThat(code.accountId()).isEqualTo(user.id());
            assertThat(code.redirectUri()).isEqualTo(url.get("redirect_uri"));
            assertThat(code.scope()).isEqualTo("openid profile");
            assertThat(code.nonce()).contains(url.get("nonce"));
            assertThat(code.codeChallenge()).contains(AuthorizeUrl.challenge(url.verifier));
            assertThat(code.amr()).containsExactly("pwd");
            assertThat(code.audiences()).isEmpty();
            assertThat(code.authTime()).isBeforeOrEqualTo(code.issuedAt());
            assertThat(Duration.between(code.issuedAt(), code.expiresAt())).isEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void authorizeWhenResourceRegisteredThenCodeCarriesItAsAudience() {
        User user = newUser();
        Client client = TestClients.on(app.server()).audiences("https://api.example.test", "https://other.example.test")
                .firstParty().register();
        AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client).set("resource", "https://other.example.test");
        try (Browser browser = new Browser()) {
            Map<String, String> params = signInAndAllow(browser, url, user);
            assertThat(redeem(params.get("code")).audiences()).containsExactly("https://other.example.test");
        }
    }

    @Test
    void authorizeWhenSessionExistsThenNoFormAndCodeAtOnce() {
        User user = newUser();
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            Map<String, String> first = signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client), user);
            assertThat(browser.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNotNull();

            AuthorizeUrl again = AuthorizeUrl.valid(app.server(), client);
            Page p = browser.get(again.url());
            assertThat(status(p)).isEqualTo(302);
            Map<String, String> second = redirectParams(p);
            assertThat(second.get("code")).isNotBlank().isNotEqualTo(first.get("code"));
            assertThat(second).containsEntry("state", again.get("state")).containsEntry("iss", app.server().issuer());
            assertThat(redeem(second.get("code")).accountId()).isEqualTo(user.id());
        }
    }

    @Test
    void authorizeWhenPromptLoginThenFormAgainAndNewAuthTime() {
        User user = newUser();
        Client client = TestClients.on(app.server()).firstParty().register();
        try (Browser browser = new Browser()) {
            AuthorizationCode first = redeem(
                    signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client), user).get("code"));
            app.server().clock.advance(Duration.ofSeconds(10));
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client).set("prompt", "login");
            HtmlPage login = browser.page(url.url());
            assertThat(isLoginForm(login)).as("prompt=login shows the form despite the session").isTrue();
            Map<String, String> params = redirectParams(signIn(login, user.name(), PASSWORD));
            assertThat(params).containsEntry("state", url.get("state"));
            assertThat(redeem(params.get("code")).authTime()).isAfter(first.authTime());
        }
    }

    @Test
    void authorizeWhenMaxAgeExceededThenFormAgainElseCode() {
        User user = newUser();
        Client client = TestClients.on(app.server()).firstParty().register();
        try (Browser browser = new Browser()) {
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client), user);
            app.server().clock.advance(Duration.ofSeconds(5));
            Page recent = browser.get(AuthorizeUrl.valid(app.server(), client).set("max_age", "3600").url());
            assertThat(redirectParams(recent)).containsKey("code");
            Page stale = browser.get(AuthorizeUrl.valid(app.server(), client).set("max_age", "2").url());
            assertThat(isLoginForm(stale)).as("a sign-in older than max_age needs a new one").isTrue();
            Page zero = browser.get(AuthorizeUrl.valid(app.server(), client).set("max_age", "0").url());
            assertThat(isLoginForm(zero)).isTrue();
        }
    }

    @Test
    void authorizeWhenConsentRememberedThenNoConsentPageForSameOrFewerScopesButAgainForMore() {
        User user = newUser();
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client).set("scope", "openid profile email"),
                    user);
            Page fewer = browser.get(AuthorizeUrl.valid(app.server(), client).set("scope", "openid email").url());
            assertThat(redirectParams(fewer)).containsKey("code");
            Page more = browser.get(
                    AuthorizeUrl.valid(app.server(), client).set("scope", "openid offline_access").url());
            assertThat(isConsentForm(more)).as("a new scope needs consent").isTrue();
            assertThat(((HtmlPage) more).asNormalizedText()).contains("Keep access while you are away");
        }
    }

    @Test
    void authorizeWhenPromptConsentThenConsentPageEvenIfRemembered() {
        User user = newUser();
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client), user);
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client).set("prompt", "consent");
            Page p = browser.get(url.url());
            assertThat(isConsentForm(p)).isTrue();
            assertThat(redirectParams(decide((HtmlPage) p, true))).containsKey("code")
                    .containsEntry("state", url.get("state"));
        }
    }

    @Test
    void consentWhenDeniedThenAccessDeniedWithStateAndIssAndNothingRemembered() {
        User user = newUser();
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client);
            Page consent = signIn(browser.page(url.url()), user.name(), PASSWORD);
            Map<String, String> params = redirectParams(decide((HtmlPage) consent, false));
            assertThat(params).containsEntry("error", "access_denied").containsEntry("state", url.get("state"))
                    .containsEntry("iss", app.server().issuer()).doesNotContainKey("code");
            assertThat(isConsentForm(browser.get(AuthorizeUrl.valid(app.server(), client).url()))).isTrue();
        }
    }

    @Test
    void authorizeWhenFirstPartyClientThenNoConsentPage() {
        User user = newUser();
        Client client = TestClients.on(app.server()).firstParty().register();
        try (Browser browser = new Browser()) {
            Page afterLogin = signIn(browser.page(AuthorizeUrl.valid(app.server(), client).url()), user.name(),
                    PASSWORD);
            assertThat(redirectParams(afterLogin)).containsKey("code");
        }
    }

    @Test
    void authorizeWhenPromptNoneWithoutSessionThenLoginRequired() {
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client).set("prompt", "none");
            Map<String, String> params = redirectParams(browser.get(url.url()));
            assertThat(params).containsEntry("error", "login_required").containsEntry("state", url.get("state"))
                    .containsEntry("iss", app.server().issuer());
        }
    }

    @Test
    void authorizeWhenPromptNoneWithSessionButNoConsentThenConsentRequiredAndWithConsentThenCode() {
        User user = newUser();
        Client first = TestClients.on(app.server()).firstParty().register();
        Client other = thirdParty();
        try (Browser browser = new Browser()) {
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), first), user);
            Page p = browser.get(AuthorizeUrl.valid(app.server(), other).set("prompt", "none").url());
            assertThat(redirectParams(p)).containsEntry("error", "consent_required");

            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), other).set("prompt", "login"), user);
            Page silent = browser.get(AuthorizeUrl.valid(app.server(), other).set("prompt", "none").url());
            assertThat(redirectParams(silent)).containsKey("code");
        }
    }

    @Test
    void signInWhenPasswordWrongOrUserUnknownThenSameErrorOnTheFormAndNoCodeNorSession() {
        User user = newUser();
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client);
            Page wrong = signIn(browser.page(url.url()), user.name(), "not the password at all");
            Page unknown = signIn(browser.page(url.url()), "nobody_" + UUID.randomUUID().toString().substring(0, 6),
                    "not the password at all");
            for (Page p : List.of(wrong, unknown)) {
                assertThat(isLoginForm(p)).isTrue();
                assertThat(status(p)).isEqualTo(200);
                HtmlPage page = (HtmlPage) p;
                assertThat(page.getElementById("login-error").getTextContent())
                        .isEqualTo("The username or password is incorrect.");
                assertThat(page.getElementById("password").getAttribute("aria-describedby")).isEqualTo("login-error");
                assertThat(page.getWebResponse().getResponseHeaderValue("Location")).isNull();
            }
            assertThat(((HtmlPage) wrong).getElementById("username").getAttribute("value")).isEqualTo(user.name());
            assertThat(browser.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();
        }
    }

    @Test
    void signInWhenTooManyFailuresThen429WithTryAgainLaterAndNoCodeEvenWithTheRightPassword() {
        User user = newUser();
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client);
            for (int i = 0; i < 3; i++) {
                signIn(browser.page(url.url()), user.name(), "wrong password " + i);
            }
            Page p = signIn(browser.page(url.url()), user.name(), PASSWORD);
            assertThat(status(p)).isEqualTo(429);
            assertThat(p.getWebResponse().getResponseHeaderValue("Retry-After")).isNotBlank();
            assertThat(((HtmlPage) p).getElementById("login-error").getTextContent()).contains("Try again later");
            assertThat(browser.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();
        }
    }

    @Test
    void signInWhenAccountDisabledThenErrorAndNoSessionAndExistingSessionsEnd() {
        User user = newUser();
        Client client = TestClients.on(app.server()).firstParty().register();
        try (Browser before = new Browser(); Browser after = new Browser()) {
            signInAndAllow(before, AuthorizeUrl.valid(app.server(), client), user);
            app.server().tokenbooth().services().accounts.setDisabled(user.name(), true);

            Page p = signIn(after.page(AuthorizeUrl.valid(app.server(), client).url()), user.name(), PASSWORD);
            assertThat(status(p)).isEqualTo(403);
            assertThat(((HtmlPage) p).getElementById("login-error").getTextContent()).isEqualTo("This account is disabled.");
            assertThat(after.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();

            assertThat(isLoginForm(before.get(AuthorizeUrl.valid(app.server(), client).url())))
                    .as("the disabled account's session no longer signs in").isTrue();
        }
    }

    @Test
    void sessionWhenIdleLongerThanIdleTtlThenFormAgain() {
        User user = newUser();
        Client client = TestClients.on(app.server()).firstParty().register();
        try (Browser browser = new Browser()) {
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client), user);
            app.server().clock.advance(Duration.ofMinutes(29));
            assertThat(redirectParams(browser.get(AuthorizeUrl.valid(app.server(), client).url()))).containsKey("code");
            app.server().clock.advance(Duration.ofMinutes(31));
            assertThat(isLoginForm(browser.get(AuthorizeUrl.valid(app.server(), client).url()))).isTrue();
        }
    }

    @Test
    void sessionWhenKeptBusyPastAbsoluteTtlThenFormAgain() {
        User user = newUser();
        Client client = TestClients.on(app.server()).firstParty().register();
        try (Browser browser = new Browser()) {
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client), user);
            for (int i = 0; i < 2; i++) {
                app.server().clock.advance(Duration.ofMinutes(25));
                assertThat(redirectParams(browser.get(AuthorizeUrl.valid(app.server(), client).url())))
                        .containsKey("code");
            }
            app.server().clock.advance(Duration.ofMinutes(15));
            assertThat(isLoginForm(browser.get(AuthorizeUrl.valid(app.server(), client).url())))
                    .as("65 minutes after sign-in, with a 1 h absolute limit").isTrue();
        }
    }

    @Test
    void signInWhenSessionAlreadyExistsThenNewSessionIdAndOldOneRevoked() {
        User user = newUser();
        Client client = TestClients.on(app.server()).firstParty().register();
        try (Browser browser = new Browser()) {
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client), user);
            String before = browser.web.getCookieManager().getCookie(BrowserCookies.SESSION).getValue();
            signInAndAllow(browser, AuthorizeUrl.valid(app.server(), client).set("prompt", "login"), user);
            String after = browser.web.getCookieManager().getCookie(BrowserCookies.SESSION).getValue();
            assertThat(after).isNotEqualTo(before);
            assertThat(app.server().tokenbooth().services().ssoSessions.resolve(Optional.of(before))).isEmpty();
        }
    }
}
