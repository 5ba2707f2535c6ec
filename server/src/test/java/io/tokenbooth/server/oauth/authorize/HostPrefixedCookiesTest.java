package io.tokenbooth.server.oauth.authorize;

import static io.tokenbooth.server.oauth.authorize.Browser.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.testing.TestDatabase;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On an https issuer both browser cookies carry the {@code __Host-} prefix (RFC 6265bis §4.1.3.2: {@code Secure},
 * {@code Path=/}, no {@code Domain}), so a page on a sibling subdomain cannot plant a CSRF token it knows or its own
 * sign-in session (login CSRF); a cookie under the unprefixed name is not read at all (issue 15, defect 15). The
 * server listens on http here: the issuer URL alone decides the cookies. On H2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostPrefixedCookiesTest {
    private static final String CSRF = "__Host-tokenbooth_csrf";
    private static final String SESSION = "__Host-tokenbooth_session";
    private static final String PENDING = "__Host-tokenbooth_authz";

    private TestDatabase db;
    private TestServer https;
    private Client client;

    @BeforeAll
    void start() {
        db = TestDatabase.create(TestDatabase.Kind.H2);
        https = TestServer.builder(db).set("issuer", "https://auth.example.test").start();
        client = TestClients.on(https).firstParty().register();
    }

    @AfterAll
    void stop() {
        https.close();
        db.close();
    }

    @Test
    void csrfCookieWhenIssuerIsHttpsThenHostPrefixedSecurePathRootAndNoDomain() {
        TestServer.Response page = https.get("/oauth2/authorize?" + AuthorizeUrl.valid(https, client).query());
        assertHostPrefixed(setCookie(page, CSRF).orElseThrow());
    }

    @Test
    void bindingCookieWhenIssuerIsHttpsThenHostPrefixedSecurePathRootAndNoDomain() {
        TestServer.Response page = https.get("/oauth2/authorize?" + AuthorizeUrl.valid(https, client).query());
        assertHostPrefixed(setCookie(page, PENDING).orElseThrow());
        assertThat(setCookie(page, "tokenbooth_authz")).as("no unprefixed binding cookie").isEmpty();
    }

    @Test
    void loginWhenIssuerIsHttpsAndBindingCookieUnderUnprefixedNameThenErrorPageAndNoSession() {
        String user = newUser();
        TestServer.Response page = https.get("/oauth2/authorize?" + AuthorizeUrl.valid(https, client).query());
        String binding = value(setCookie(page, PENDING).orElseThrow());
        String csrf = "D".repeat(43);
        TestServer.Response r = https.send(HttpRequest.newBuilder(URI.create(https.url("/oauth2/authorize/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", CSRF + "=" + csrf + "; tokenbooth_authz=" + binding)
                .POST(HttpRequest.BodyPublishers.ofString("request_id=" + PendingRequests.id(page.body()) + "&csrf_token=" + csrf
                        + "&username=" + enc(user) + "&password=" + enc(PASSWORD))));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(setCookie(r, SESSION)).isEmpty();
    }

    @Test
    void loginWhenIssuerIsHttpsAndCsrfCookiePlantedUnderAnotherNameThen403AndNoSession() {
        String user = newUser();
        String token = "A".repeat(43);
        for (String planted : List.of("tokenbooth_csrf", "__host-tokenbooth_csrf", "__HOST-tokenbooth_csrf")) {
            TestServer.Response r = login(user, token, planted + "=" + token);
            assertThat(r.status()).as(planted).isEqualTo(403);
            assertThat(setCookie(r, SESSION)).as(planted).isEmpty();
            assertThat(setCookie(r, "tokenbooth_session")).as(planted).isEmpty();
        }
    }

    @Test
    void sessionCookieWhenIssuerIsHttpsThenHostPrefixedSecurePathRootAndNoDomain() {
        TestServer.Response r = signIn(newUser());
        assertThat(r.status()).as(r.body()).isEqualTo(303);
        assertHostPrefixed(setCookie(r, SESSION).orElseThrow());
        assertThat(setCookie(r, "tokenbooth_session")).as("no unprefixed session cookie").isEmpty();
    }

    @Test
    void authorizeWhenIssuerIsHttpsAndSessionCookieUnderUnprefixedNameThenNotSignedIn() {
        String session = value(setCookie(signIn(newUser()), SESSION).orElseThrow());
        String silent = "/oauth2/authorize?" + AuthorizeUrl.valid(https, client).set("prompt", "none").query();

        TestServer.Response planted = https.get(silent, "Cookie", "tokenbooth_session=" + session);
        assertThat(planted.header("Location").orElseThrow()).as("a planted unprefixed cookie is ignored")
                .contains("error=login_required").doesNotContain("code=");

        TestServer.Response prefixed = https.get(silent, "Cookie", SESSION + "=" + session);
        assertThat(prefixed.header("Location").orElseThrow()).contains("code=");
    }

    @Test
    void logoutWhenIssuerIsHttpsThenHostPrefixedSessionCookieExpired() {
        String session = value(setCookie(signIn(newUser()), SESSION).orElseThrow());
        String csrf = "B".repeat(43);
        TestServer.Response r = https.send(HttpRequest.newBuilder(URI.create(https.url("/oauth2/logout/confirm")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", CSRF + "=" + csrf + "; " + SESSION + "=" + session)
                .POST(HttpRequest.BodyPublishers.ofString("csrf_token=" + csrf)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(setCookie(r, SESSION).orElseThrow()).contains("Max-Age=0").contains("Secure");
        assertThat(https.tokenbooth().services().ssoSessions.resolve(Optional.of(session))).isEmpty();
    }

    private String newUser() {
        String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
        https.signup(name, PASSWORD);
        return name;
    }

    /** Signs in through the login form with a matching CSRF cookie and field. */
    private TestServer.Response signIn(String user) {
        String token = "C".repeat(43);
        return login(user, token, CSRF + "=" + token);
    }

    /**
     * Starts an authorization request (the sign-in page: its pending request id and the binding cookie), then posts
     * the sign-in form for it with {@code cookieHeader} besides the binding cookie.
     */
    private TestServer.Response login(String user, String csrfField, String cookieHeader) {
        TestServer.Response page = https.get("/oauth2/authorize?" + AuthorizeUrl.valid(https, client).query());
        String binding = value(setCookie(page, PENDING).orElseThrow());
        String form = "request_id=" + PendingRequests.id(page.body()) + "&csrf_token=" + csrfField
                + "&username=" + enc(user) + "&password=" + enc(PASSWORD);
        return https.send(HttpRequest.newBuilder(URI.create(https.url("/oauth2/authorize/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookieHeader + "; " + PENDING + "=" + binding)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static Optional<String> setCookie(TestServer.Response r, String name) {
        return r.raw().headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith(name + "=")).findFirst();
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static void assertHostPrefixed(String setCookie) {
        List<String> attributes = List.of(setCookie.split(";\\s*"));
        assertThat(attributes).as(setCookie).contains("Secure", "Path=/", "HttpOnly", "SameSite=Lax");
        assertThat(attributes).as(setCookie).noneMatch(a -> a.regionMatches(true, 0, "Domain", 0, 6));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
