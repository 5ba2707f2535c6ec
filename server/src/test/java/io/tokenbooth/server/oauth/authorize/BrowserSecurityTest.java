package io.tokenbooth.server.oauth.authorize;

import static io.tokenbooth.server.oauth.authorize.Browser.PASSWORD;
import static io.tokenbooth.server.oauth.authorize.Browser.isConsentForm;
import static io.tokenbooth.server.oauth.authorize.Browser.isLoginForm;
import static io.tokenbooth.server.oauth.authorize.Browser.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.pages.BrowserCookies;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlunit.Page;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser surface (checklist item 16): CSRF on both forms, escaping of every reflected value, the pages' headers,
 * cookie attributes (also on an https issuer), and the accessibility basics of the sign-in form. On H2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSecurityTest {
    private static final String XSS = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("cors.origins", "https://spa.example.test");

    private Client client;

    @BeforeAll
    void start() {
        client = TestClients.on(app.server()).name("Photo Printer").register();
    }

    private String newUser() {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        app.server().signup(name, PASSWORD);
        return name;
    }

    private static Page submit(HtmlForm form) {
        try {
            return ((DomElement) form.getFirstByXPath(".//button[@type='submit']")).click();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> setCookies(Page p) {
        return p.getWebResponse().getResponseHeaders().stream()
                .filter(h -> h.getName().equalsIgnoreCase("Set-Cookie")).map(NameValuePair::getValue).toList();
    }

    @Test
    void loginFormWhenCsrfTokenWrongThen403AndNoSessionNorRedirect() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), client).url());
            HtmlForm form = login.getForms().get(0);
            form.getInputByName("csrf_token").setValue(Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
            form.getInputByName("username").setValue(user);
            form.getInputByName("password").setValue(PASSWORD);
            Page p = submit(form);
            assertThat(status(p)).isEqualTo(403);
            assertThat(p.getWebResponse().getResponseHeaderValue("Location")).isNull();
            assertThat(p.getWebResponse().getContentAsString()).contains("The form has expired");
            assertThat(browser.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();
        }
    }

    @Test
    void loginFormWhenCsrfCookieMissingThen403AndNoSession() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), client).url());
            browser.web.getCookieManager().clearCookies(); // a cross-site POST: the SameSite=Lax cookie stays home
            HtmlForm form = login.getForms().get(0);
            form.getInputByName("username").setValue(user);
            form.getInputByName("password").setValue(PASSWORD);
            Page p = submit(form);
            assertThat(status(p)).isEqualTo(403);
            assertThat(browser.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();
        }
    }

    @Test
    void loginFormWhenCsrfFieldMissingThen403() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), client).url());
            HtmlForm form = login.getForms().get(0);
            form.getInputByName("csrf_token").remove();
            form.getInputByName("username").setValue(user);
            form.getInputByName("password").setValue(PASSWORD);
            assertThat(status(submit(form))).isEqualTo(403);
            assertThat(browser.web.getCookieManager().getCookie(BrowserCookies.SESSION)).isNull();
        }
    }

    @Test
    void consentFormWhenCsrfTokenWrongThen403AndNoCodeAndNothingRemembered() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            Page consent = Browser.signIn(browser.page(AuthorizeUrl.valid(app.server(), client).url()), user, PASSWORD);
            assertThat(isConsentForm(consent)).isTrue();
            HtmlForm form = ((HtmlPage) consent).getForms().get(0);
            form.getInputByName("csrf_token").setValue("A".repeat(43));
            Page p = Browser.decide((HtmlPage) consent, true);
            assertThat(status(p)).isEqualTo(403);
            assertThat(p.getWebResponse().getResponseHeaderValue("Location")).isNull();
            assertThat(isConsentForm(browser.get(AuthorizeUrl.valid(app.server(), client).url())))
                    .as("the forged Allow was not remembered").isTrue();
        }
    }

    @Test
    void loginPageWhenLoginHintAndStateCarryMarkupThenOnlyEscaped() {
        try (Browser browser = new Browser()) {
            AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client).set("login_hint", XSS).set("state", XSS);
            HtmlPage page = browser.page(url.url());
            String html = page.getWebResponse().getContentAsString();
            // In a quoted attribute, escaping the quote and '<' is what matters ('>' is inert there).
            assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("value=\"\">")
                    .contains("value=\"&#34;>&lt;script>alert(1)&lt;/script>");
            // The browser reads back exactly what was sent: escaped, not altered.
            assertThat(page.getElementById("username").getAttribute("value")).isEqualTo(XSS);
            assertThat(page.getElementsByTagName("script")).isEmpty();
            // The state is no longer in the page at all (issue 6): it waits server-side and comes back unaltered.
            assertThat(page.getByXPath("//input[@name='state']")).isEmpty();
            String user = newUser();
            Page consent = Browser.signIn(page, user, PASSWORD);
            assertThat(Browser.redirectParams(Browser.decide((HtmlPage) consent, true))).containsEntry("state", XSS);
        }
    }

    @Test
    void errorPageWhenClientIdAndErrorParametersCarryMarkupThenOnlyEscaped() {
        String query = "client_id=" + enc(XSS) + "&error=" + enc(XSS) + "&error_description=" + enc(XSS)
                + "&redirect_uri=" + enc("javascript:alert(1)") + "&response_type=code";
        TestServer.Response r = app.server().get("/oauth2/authorize?" + query);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("<script").doesNotContain("<img").doesNotContain("javascript:")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void consentPageWhenClientNameCarriesMarkupThenOnlyEscaped() {
        Client evil = TestClients.on(app.server()).name("<b>Evil</b><script>alert(1)</script>").register();
        String user = newUser();
        try (Browser browser = new Browser()) {
            Page consent = Browser.signIn(browser.page(AuthorizeUrl.valid(app.server(), evil).url()), user, PASSWORD);
            String html = consent.getWebResponse().getContentAsString();
            assertThat(html).doesNotContain("<script").doesNotContain("<b>Evil").contains("&lt;b&gt;Evil");
        }
    }

    @Test
    void pagesWhenServedThenStrictSecurityHeadersAndNoCors() {
        try (Browser browser = new Browser()) {
            browser.web.addRequestHeader("Origin", "https://spa.example.test");
            HtmlPage page = browser.page(AuthorizeUrl.valid(app.server(), client).url());
            var r = page.getWebResponse();
            String csp = r.getResponseHeaderValue("Content-Security-Policy");
            assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").contains("base-uri 'none'")
                    .contains("img-src 'self'").doesNotContain("form-action").doesNotContain("unsafe-inline");
            assertThat(r.getResponseHeaderValue("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.getResponseHeaderValue("Cache-Control")).isEqualTo("no-store");
            assertThat(r.getResponseHeaderValue("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.getResponseHeaderValue("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.getResponseHeaderValue("Content-Type")).isEqualToIgnoringCase("text/html;charset=utf-8");
            assertThat(r.getResponseHeaderValue("Access-Control-Allow-Origin")).as("no cross-origin reads").isNull();

            // The one inline stylesheet is allowed by its hash, nothing else.
            String style = page.getElementsByTagName("style").get(0).getTextContent();
            Matcher m = Pattern.compile("style-src '(sha256-[^']+)'").matcher(csp);
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).isEqualTo("sha256-" + sha256(style));
        }
    }

    @Test
    void redirectsWhenAnsweringThenNotCached() {
        TestServer.Response r = app.server().get("/oauth2/authorize?" + AuthorizeUrl.valid(app.server(), client)
                .set("prompt", "none").query());
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(r.header("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void cookiesWhenSetOnHttpThenHttpOnlySameSiteLaxPathRootAndNotSecure() {
        String user = newUser();
        try (Browser browser = new Browser()) {
            HtmlPage login = browser.page(AuthorizeUrl.valid(app.server(), client).url());
            String csrf = setCookies(login).stream().filter(c -> c.startsWith("tokenbooth_csrf=")).findFirst().orElseThrow();
            assertCookieAttributes(csrf, false);
            String binding = setCookies(login).stream().filter(c -> c.startsWith(BrowserCookies.PENDING + "="))
                    .findFirst().orElseThrow();
            assertCookieAttributes(binding, false);
            assertThat(binding).doesNotContainIgnoringCase("Max-Age").doesNotContainIgnoringCase("Domain=");
            Page afterLogin = Browser.signIn(login, user, PASSWORD);
            String session = setCookies(afterLogin).stream().filter(c -> c.startsWith(BrowserCookies.SESSION + "="))
                    .findFirst().orElseThrow();
            assertCookieAttributes(session, false);
            assertThat(session).doesNotContainIgnoringCase("Max-Age").doesNotContainIgnoringCase("Domain=");
            Cookie stored = browser.web.getCookieManager().getCookie(BrowserCookies.SESSION);
            assertThat(stored.getValue()).matches("[A-Za-z0-9_-]{43}");
        }
    }

    @Test
    void cookiesWhenIssuerIsHttpsThenSecureAndHostPrefixed() {
        try (TestDatabase httpsDb = TestDatabase.create(TestDatabase.Kind.H2);
             TestServer https = TestServer.builder(httpsDb).set("issuer", "https://auth.example.test").start()) {
            Client c = TestClients.on(https).register();
            String user = "user_" + UUID.randomUUID().toString().substring(0, 8);
            https.signup(user, PASSWORD);
            AuthorizeUrl url = AuthorizeUrl.valid(https, c);
            TestServer.Response page = https.get("/oauth2/authorize?" + url.query());
            String csrfCookie = page.raw().headers().allValues("Set-Cookie").stream()
                    .filter(v -> v.startsWith("__Host-tokenbooth_csrf=")).findFirst().orElseThrow();
            assertCookieAttributes(csrfCookie, true);
            assertThat(page.header("Strict-Transport-Security")).isPresent();

            String token = csrfCookie.substring(csrfCookie.indexOf('=') + 1, csrfCookie.indexOf(';'));
            String bindingCookie = page.raw().headers().allValues("Set-Cookie").stream()
                    .filter(v -> v.startsWith("__Host-tokenbooth_authz=")).findFirst().orElseThrow();
            assertCookieAttributes(bindingCookie, true);
            String binding = bindingCookie.substring(bindingCookie.indexOf('=') + 1, bindingCookie.indexOf(';'));
            String form = "request_id=" + PendingRequests.id(page.body()) + "&csrf_token=" + token + "&username=" + enc(user)
                    + "&password=" + enc(PASSWORD);
            TestServer.Response login = https.send(HttpRequest.newBuilder(URI.create(https.url("/oauth2/authorize/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", "__Host-tokenbooth_csrf=" + token + "; __Host-tokenbooth_authz=" + binding)
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(login.status()).as(login.body()).isIn(200, 303);
            String session = login.raw().headers().allValues("Set-Cookie").stream()
                    .filter(v -> v.startsWith("__Host-" + BrowserCookies.SESSION + "=")).findFirst().orElseThrow();
            assertCookieAttributes(session, true);
        }
    }

    private static void assertCookieAttributes(String setCookie, boolean secure) {
        List<String> attributes = List.of(setCookie.split(";\\s*"));
        assertThat(attributes).contains("HttpOnly", "SameSite=Lax", "Path=/");
        if (secure) {
            assertThat(attributes).contains("Secure");
        } else {
            assertThat(attributes).doesNotContain("Secure");
        }
    }

    @Test
    void loginPageWhenRenderedThenLabelledFieldsInOrderWithAutocompleteAndSubmitButton() {
        try (Browser browser = new Browser()) {
            HtmlPage page = browser.page(AuthorizeUrl.valid(app.server(), client).set("ui_locales", "en").url());
            assertThat(page.getDocumentElement().getAttribute("lang")).isEqualTo("en");
            assertThat(page.getElementsByTagName("h1")).hasSize(1);
            HtmlForm form = page.getForms().get(0);
            assertThat(form.getMethodAttribute()).isEqualTo("post");
            assertThat(form.getInputByName("username").getAttribute("autocomplete")).isEqualTo("username");
            assertThat(form.getInputByName("password").getAttribute("autocomplete")).isEqualTo("current-password");
            assertThat(form.getInputByName("password").getAttribute("type")).isEqualTo("password");
            for (String id : List.of("username", "password")) {
                assertThat(page.getElementById(id).getAttribute("name")).isEqualTo(id);
                assertThat((Object) page.getFirstByXPath("//label[@for='" + id + "']")).as("label for " + id).isNotNull();
            }
            // Focus order is document order: no tabindex reshuffles it; username, password, then the button.
            assertThat(page.getByXPath("//*[@tabindex]")).isEmpty();
            List<String> focusable = page.<DomElement>getByXPath("//input[not(@type='hidden')] | //button")
                    .stream().map(e -> e.getAttribute("name").isEmpty() ? e.getTagName() : e.getAttribute("name")).toList();
            assertThat(focusable).containsExactly("username", "password", "button");
            assertThat((Object) form.getFirstByXPath(".//button[@type='submit']")).isNotNull();
            assertThat(isLoginForm(page)).isTrue();
            // The authorization request waits server-side (issue 6): the form carries only its id and the CSRF token.
            assertThat(page.<DomElement>getByXPath("//input[@type='hidden']").stream().map(e -> e.getAttribute("name")))
                    .containsExactlyInAnyOrder("csrf_token", "request_id");
            assertThat(form.getInputByName("request_id").getValue()).matches("[A-Za-z0-9_-]{43}");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
