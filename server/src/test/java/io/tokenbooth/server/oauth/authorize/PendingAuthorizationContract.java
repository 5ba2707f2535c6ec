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
import io.tokenbooth.server.client.ClientRegistration;
import io.tokenbooth.server.pages.BrowserCookies;
import io.tokenbooth.server.testing.Race;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * Pending authorization requests through the real pages (issue 6): the forms carry only the request's id, the
 * browser's binding cookie must match, and the request answers once. Whatever goes wrong with the pending request is
 * an error page: never a code, never a redirect to the client. Run once per database (see the H2 and PostgreSQL
 * subclasses).
 */
abstract class PendingAuthorizationContract {
    private static final String PENDING_ERROR = "This sign-in page has expired or was already used";
    private final RunningServer app;

    PendingAuthorizationContract(RunningServer app) {
        this.app = app;
    }

    private String newUser() {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, PASSWORD);
        return name;
    }

    private Client thirdParty() {
        return TestClients.on(app.server()).name("Photo Printer").register();
    }

    private Client firstParty() {
        return TestClients.on(app.server()).firstParty().register();
    }

    private int pendingRows() {
        return PendingRequests.rows(app.server());
    }

    private static void assertPendingErrorPage(Page p) {
        assertThat(status(p)).as(p.getWebResponse().getContentAsString()).isEqualTo(400);
        assertThat(p.getWebResponse().getResponseHeaderValue("Location")).as("never a redirect").isNull();
        assertThat(p.getWebResponse().getContentAsString()).contains(PENDING_ERROR).contains("invalid_request")
                .doesNotContain("code=");
    }

    @Test
    void loginFormWhenSubmittedAgainAfterItAnsweredThenErrorPageAndNoSecondCode() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), firstParty()).url());
            assertThat(redirectParams(signIn(login, user, PASSWORD))).containsKey("code");
            assertPendingErrorPage(signIn(login, user, PASSWORD));
        }
    }

    @Test
    void consentFormWhenSubmittedAgainAfterItAnsweredThenErrorPage() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage consent = (HtmlPage) signIn(browser.page(AuthorizeUrl.valid(app.server(), thirdParty()).url()),
                    user, PASSWORD);
            assertThat(redirectParams(decide(consent, true))).containsKey("code");
            assertPendingErrorPage(decide(consent, true));
            assertPendingErrorPage(decide(consent, false));
        }
    }

    @Test
    void consentWhenSubmittedTwiceAtOnceThenExactlyOneCode() throws Exception {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage consent = (HtmlPage) signIn(browser.page(AuthorizeUrl.valid(app.server(), thirdParty()).url()),
                    user, PASSWORD);
            HtmlForm form = consent.getForms().get(0);
            String body = "request_id=" + form.getInputByName("request_id").getValue() + "&csrf_token="
                    + form.getInputByName("csrf_token").getValue() + "&decision=allow";
            String cookies = cookie(browser, "tokenbooth_csrf") + "; " + cookie(browser, BrowserCookies.PENDING) + "; "
                    + cookie(browser, BrowserCookies.SESSION);
            List<Integer> statuses = Race.of(4, () -> app.server().send(HttpRequest.newBuilder(
                            URI.create(app.server().url("/oauth2/authorize/consent")))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                    .POST(HttpRequest.BodyPublishers.ofString(body))).status());
            assertThat(statuses).containsOnlyOnce(303).containsOnly(303, 400);
        }
    }

    @Test
    void loginWhenPendingRequestExpiredThenErrorPageAndNoCodeNorSession() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), firstParty()).url());
            app.server().clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            assertPendingErrorPage(signIn(login, user, PASSWORD));
            assertThat(browser.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();
        }
    }

    @Test
    void loginWhenPendingRequestIsAnotherBrowsersThenErrorPageAndTheOwnerStillFinishes() {
        String user = newUser();
        Client client = firstParty();
        try (Browser owner = new Browser(); Browser other = new Browser()) {
            HtmlPage ownersPage = owner.page(AuthorizeUrl.valid(app.server(), client).url());
            String ownersId = ownersPage.getForms().get(0).getInputByName("request_id").getValue();
            // The other browser has a CSRF token and a binding of its own, and the owner's request id.
            HtmlPage othersPage = other.page(AuthorizeUrl.valid(app.server(), client).url());
            othersPage.getForms().get(0).getInputByName("request_id").setValue(ownersId);
            assertPendingErrorPage(signIn(othersPage, user, PASSWORD));
            assertThat(other.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();

            assertThat(redirectParams(signIn(ownersPage, user, PASSWORD))).containsKey("code");
        }
    }

    @Test
    void loginWhenBindingCookieGoneOrIdUnknownThenErrorPage() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), firstParty()).url());
            login.getForms().get(0).getInputByName("request_id").setValue("A".repeat(43));
            assertPendingErrorPage(signIn(login, user, PASSWORD));

            HtmlPage again = browser.page(AuthorizeUrl.valid(app.server(), firstParty()).url());
            browser.web.getCookieManager().removeCookie(
                    browser.web.getCookieManager().getCookie(BrowserCookies.PENDING));
            assertPendingErrorPage(signIn(again, user, PASSWORD));
        }
    }

    @Test
    void resumeWhenClientRemovedOrRedirectUriNoLongerRegisteredThenErrorPageAndNoRedirect() {
        String user = newUser();
        var clients = app.server().tokenbooth().services().clients;
        try (Browser browser = new Browser()) {
            Client gone = firstParty();
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), gone).url());
            clients.remove(gone.clientId());
            Page p = signIn(login, user, PASSWORD);
            assertThat(status(p)).isEqualTo(400);
            assertThat(p.getWebResponse().getResponseHeaderValue("Location")).isNull();
            assertThat(p.getWebResponse().getContentAsString()).contains("not registered here");

            Client moved = firstParty();
            HtmlPage login2 = browser.page(AuthorizeUrl.valid(app.server(), moved).url());
            clients.remove(moved.clientId());
            clients.register(ClientRegistration.of(moved.clientId(), true, List.of("https://elsewhere.example.test/cb")));
            Page p2 = signIn(login2, user, PASSWORD);
            assertThat(status(p2)).isEqualTo(400);
            assertThat(p2.getWebResponse().getResponseHeaderValue("Location")).isNull();
            assertThat(p2.getWebResponse().getContentAsString()).contains("return address that is not registered");
        }
    }

    @Test
    void pagesWhenRequestAskedForKoreanThenEveryStepKoreanWhateverTheBrowserSays() {
        String user = newUser();
        try (Browser browser = new Browser().language("en-US,en;q=0.9")) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), thirdParty()).set("ui_locales", "ko");
            HtmlPage wrong = (HtmlPage) signIn(browser.page(url.url()), user, "wrong password!");
            assertThat(wrong.getDocumentElement().getAttribute("lang")).isEqualTo("ko");
            assertThat(wrong.getElementById("login-error").getTextContent())
                    .isEqualTo("사용자 이름 또는 비밀번호가 올바르지 않습니다.");
            HtmlPage consent = (HtmlPage) signIn(wrong, user, PASSWORD);
            assertThat(consent.getDocumentElement().getAttribute("lang")).isEqualTo("ko");
            assertThat(consent.asNormalizedText()).contains("허용", "거부");
        }
    }

    @Test
    void authorizeWhenAnsweredAtOnceThenNothingStoredAndNoBindingCookie() {
        String user = newUser();
        Client client = firstParty();
        try (Browser silent = new Browser(); Browser signedIn = new Browser()) {
            int before = pendingRows();
            Page none = silent.get(AuthorizeUrl.valid(app.server(), client).set("prompt", "none").url());
            assertThat(redirectParams(none)).containsEntry("error", "login_required");
            Page invalid = silent.get(AuthorizeUrl.valid(app.server(), client).set("max_age", "-1").url());
            assertThat(redirectParams(invalid)).containsEntry("error", "invalid_request");
            assertThat(pendingRows()).isEqualTo(before);
            assertThat(silent.web.getCookieManager().getCookie(BrowserCookies.PENDING)).isNull();

            signIn(signedIn.page(AuthorizeUrl.valid(app.server(), client).url()), user, PASSWORD);
            int afterSignIn = pendingRows();
            assertThat(redirectParams(signedIn.get(AuthorizeUrl.valid(app.server(), client).url()))).containsKey("code");
            assertThat(pendingRows()).as("SSO session and consent: a code at once").isEqualTo(afterSignIn);
        }
    }

    @Test
    void authorizeWhenLargestValidRequestPostedThenKeptAndAnsweredWithItsValuesExactly() {
        String user = newUser();
        // Every bounded free-form parameter at its limit, with characters JSON and HTML must escape.
        String state = "\u0001\"<é한".repeat(410).substring(0, 2048);
        AuthorizeUrl url = AuthorizeUrl.valid(app.server(), firstParty()).set("state", state)
                .set("nonce", "\u007f".repeat(512)).set("login_hint", "\u0002".repeat(256)).set("ui_locales", "x".repeat(256));
        TestServer.Response page = app.server().send(HttpRequest.newBuilder(URI.create(app.server().url("/oauth2/authorize")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(url.query())));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        String csrf = setCookie(page, "tokenbooth_csrf");
        String binding = setCookie(page, BrowserCookies.PENDING);
        TestServer.Response r = app.server().send(HttpRequest.newBuilder(URI.create(app.server().url("/oauth2/authorize/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "tokenbooth_csrf=" + csrf + "; " + BrowserCookies.PENDING + "=" + binding)
                .POST(HttpRequest.BodyPublishers.ofString("request_id=" + PendingRequests.id(page.body()) + "&csrf_token=" + csrf
                        + "&username=" + enc(user) + "&password=" + enc(PASSWORD))));
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        var params = Browser.query(r.header("Location").orElseThrow());
        assertThat(params.get("state")).isEqualTo(state);
        assertThat(params).containsKey("code");
    }

    private static String setCookie(TestServer.Response r, String name) {
        String c = r.raw().headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith(name + "="))
                .findFirst().orElseThrow();
        return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
    }

    @Test
    void authorizeWhenParameterTooLongThenErrorRedirectAndNothingStored() {
        int before = pendingRows();
        try (Browser browser = new Browser()) {
            Page p = browser.get(AuthorizeUrl.valid(app.server(), firstParty()).set("state", "s".repeat(2049)).url());
            assertThat(redirectParams(p)).containsEntry("error", "invalid_request");
        }
        assertThat(pendingRows()).isEqualTo(before);
    }

    @Test
    void loginFormWhenPostedWithTheOldHiddenFieldsThenErrorPageNotReplayed() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), firstParty()).url());
            String csrf = login.getForms().get(0).getInputByName("csrf_token").getValue();
            String form = AuthorizeUrl.valid(app.server(), firstParty()).query() + "&csrf_token=" + csrf
                    + "&username=" + enc(user) + "&password=" + enc(PASSWORD);
            TestServer.Response r = app.server().send(HttpRequest.newBuilder(
                            URI.create(app.server().url("/oauth2/authorize/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", cookie(browser, "tokenbooth_csrf") + "; " + cookie(browser, BrowserCookies.PENDING))
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Location")).isEmpty();
            assertThat(r.body()).contains(PENDING_ERROR);
        }
    }

    @Test
    void consentWhenSessionChangedHandsMeanwhileThenSignInAgainNotConsentForTheOtherAccount() {
        String alice = newUser();
        String bob = newUser();
        Client client = thirdParty();
        try (Browser browser = new Browser()) {
            HtmlPage consent = (HtmlPage) signIn(browser.page(AuthorizeUrl.valid(app.server(), client).url()), alice,
                    PASSWORD);
            assertThat(isConsentForm(consent)).isTrue();
            // Another tab signs in as bob; the consent page still names alice.
            signIn(browser.page(AuthorizeUrl.valid(app.server(), firstParty()).set("prompt", "login").url()), bob,
                    PASSWORD);
            Page p = decide(consent, true);
            assertThat(isLoginForm(p)).as("the page named alice; bob's session does not approve for her").isTrue();
        }
    }

    private static String cookie(Browser browser, String name) {
        return name + "=" + browser.web.getCookieManager().getCookie(name).getValue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
