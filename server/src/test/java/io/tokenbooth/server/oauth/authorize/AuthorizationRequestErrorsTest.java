package io.tokenbooth.server.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.client.Client;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid authorization requests (RFC 6749 §4.1.2.1, RFC 9700 §4.1, RFC 7636, OIDC Core §3.1.2.6): an untrusted
 * client or redirect URI gets an error page and never a redirect; everything else goes back to the client with
 * {@code error}, {@code state} and {@code iss}. Plain HTTP without redirects, on H2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationRequestErrorsTest {
    private static final String REGISTERED = "https://app.example.test/callback";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private Client publicClient;
    private Client confidential;

    @BeforeAll
    void start() {
        publicClient = TestClients.on(app.server()).redirectUris(REGISTERED, "http://127.0.0.1/callback")
                .audiences("https://api.example.test").register();
        confidential = TestClients.on(app.server()).confidential().redirectUris(REGISTERED).register();
    }

    private AuthorizeUrl valid() {
        return AuthorizeUrl.valid(app.server(), publicClient);
    }

    private TestServer.Response get(AuthorizeUrl url) {
        return app.server().get(url.url().substring(app.server().url("").length()));
    }

    /** An error page: 400 HTML, no Location, nothing that sends the browser anywhere. */
    private static void assertErrorPageWithoutRedirect(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Location")).isEmpty();
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(r.body()).doesNotContain("http-equiv").doesNotContain("<script").doesNotContain("<form");
    }

    /** A redirect to the registered URI with {@code error}, the request's {@code state} and our {@code iss}. */
    private Map<String, String> assertErrorRedirect(AuthorizeUrl url, String error) {
        TestServer.Response r = get(url);
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        String location = r.header("Location").orElseThrow();
        assertThat(location).startsWith(url.get("redirect_uri") + "?");
        Map<String, String> params = Browser.query(location);
        assertThat(params).containsEntry("error", error).containsEntry("iss", app.server().issuer())
                .containsKey("error_description").doesNotContainKey("code");
        assertThat(r.header("Cache-Control")).contains("no-store");
        return params;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "https://evil.example.test/callback",            // unregistered
            "https://app.example.test/call",                 // prefix of the registered one
            "https://app.example.test/callback/extra",       // extra path
            "https://app.example.test/callback?next=evil",   // extra query
            "https://app.example.test/callback#frag",        // fragment
            "https://APP.example.test/callback",             // host case changed
            "https://app.example.test/Callback",             // path case changed
            "https://app.example.test/callback/",            // trailing slash
            "https://app.example.test@evil.example.test/callback", // userinfo trick
            "http://app.example.test/callback",              // scheme downgraded
            "https://app.example.test:8443/callback",        // port added
            "http://127.0.0.1.evil.example.test/callback"})  // loopback look-alike
    void authorizeWhenRedirectUriNotExactlyRegisteredThenErrorPageAndNoRedirect(String uri) {
        TestServer.Response r = get(valid().set("redirect_uri", uri));
        assertErrorPageWithoutRedirect(r);
        assertThat(r.body()).contains("not registered");
    }

    @Test
    void authorizeWhenRedirectUriPrefixMatchThenErrorPageAndNoRedirect() {
        assertErrorPageWithoutRedirect(get(valid().set("redirect_uri", REGISTERED.substring(0, REGISTERED.length() - 1))));
    }

    @Test
    void authorizeWhenLoopbackRedirectOnAnotherPortThenAccepted() {
        TestServer.Response r = get(valid().set("redirect_uri", "http://127.0.0.1:53123/callback"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("name=\"password\"");
        assertThat(get(valid().set("redirect_uri", "http://127.0.0.1:53123/other")).status()).isEqualTo(400);
    }

    @Test
    void authorizeWhenClientUnknownOrMissingOrRepeatedThenErrorPage() {
        TestServer.Response unknown = get(valid().set("client_id", "no-such-client"));
        assertErrorPageWithoutRedirect(unknown);
        assertThat(unknown.body()).contains("no-such-client").contains("invalid_client");
        assertErrorPageWithoutRedirect(get(valid().remove("client_id")));
        assertErrorPageWithoutRedirect(get(valid().add("client_id", confidential.clientId())));
        assertErrorPageWithoutRedirect(get(valid().add("redirect_uri", REGISTERED)));
    }

    @Test
    void authorizeWhenRedirectUriOmittedThenOnlyTheSingleRegisteredOneOutsideOpenIdConnect() {
        // One registered URI, no openid: RFC 6749 §3.1.2.3 lets the client leave it out.
        TestServer.Response ok = app.server().get("/oauth2/authorize?" + AuthorizeUrl.valid(app.server(), confidential)
                .remove("redirect_uri").set("scope", "profile").query());
        assertThat(ok.status()).isEqualTo(200);
        // OpenID Connect requires it (OIDC Core §3.1.2.1).
        assertErrorPageWithoutRedirect(app.server().get("/oauth2/authorize?"
                + AuthorizeUrl.valid(app.server(), confidential).remove("redirect_uri").query()));
        // Two registered URIs: which one is meant is unknown.
        assertErrorPageWithoutRedirect(get(valid().remove("redirect_uri").set("scope", "profile")));
    }

    @Test
    void authorizeWhenPublicClientWithoutPkceThenInvalidRequest() {
        AuthorizeUrl url = valid().remove("code_challenge").remove("code_challenge_method");
        assertThat(assertErrorRedirect(url, "invalid_request")).containsEntry("state", url.get("state"));
    }

    @Test
    void authorizeWhenConfidentialClientWithoutPkceThenAllowed() {
        TestServer.Response r = app.server().get("/oauth2/authorize?" + AuthorizeUrl.valid(app.server(), confidential)
                .remove("code_challenge").remove("code_challenge_method").query());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void authorizeWhenPkcePlainThenInvalidRequest() {
        assertErrorRedirect(valid().set("code_challenge_method", "plain").set("code_challenge", valid().verifier),
                "invalid_request");
    }

    @Test
    void authorizeWhenPkceMethodMissingOrChallengeMalformedThenInvalidRequest() {
        assertErrorRedirect(valid().remove("code_challenge_method"), "invalid_request");
        assertErrorRedirect(valid().set("code_challenge", "tooShort"), "invalid_request");
        assertErrorRedirect(valid().set("code_challenge", "A".repeat(42) + "="), "invalid_request");
        assertErrorRedirect(valid().remove("code_challenge"), "invalid_request");
    }

    @Test
    void authorizeWhenResponseTypeNotCodeThenUnsupportedResponseType() {
        assertErrorRedirect(valid().set("response_type", "token"), "unsupported_response_type");
        assertErrorRedirect(valid().set("response_type", "code id_token"), "unsupported_response_type");
        assertErrorRedirect(valid().remove("response_type"), "invalid_request");
    }

    @Test
    void authorizeWhenScopeNotRegisteredThenInvalidScope() {
        assertErrorRedirect(valid().set("scope", "openid admin"), "invalid_scope");
    }

    @Test
    void authorizeWhenParameterRepeatedThenInvalidRequest() {
        assertThat(assertErrorRedirect(valid().add("scope", "openid"), "invalid_request")).containsKey("state");
        assertThat(assertErrorRedirect(valid().add("state", "second"), "invalid_request"))
                .as("which state to echo is unknown").doesNotContainKey("state");
        assertErrorRedirect(valid().add("code_challenge", AuthorizeUrl.challenge("x")), "invalid_request");
    }

    @Test
    void authorizeWhenParameterInQueryAndBodyThenRepeated() {
        AuthorizeUrl url = valid();
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(url.url()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("scope=openid"));
        TestServer.Response r = app.server().send(post);
        assertThat(r.status()).as("a redirect answering a POST is a 303 (RFC 9700 §4.12)").isEqualTo(303);
        assertThat(Browser.query(r.header("Location").orElseThrow())).containsEntry("error", "invalid_request");
    }

    @Test
    void authorizeWhenPostedAsFormThenSameAsGet() {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(app.server().url("/oauth2/authorize")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(valid().query()));
        TestServer.Response r = app.server().send(post);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("name=\"password\"");
    }

    @Test
    void authorizeWhenResourceNotRegisteredThenInvalidTarget() {
        assertErrorRedirect(valid().set("resource", "https://other.example.test"), "invalid_target");
        assertErrorRedirect(valid().set("resource", "https://api.example.test#frag"), "invalid_target");
        assertErrorRedirect(valid().set("resource", "relative/path"), "invalid_target");
        assertErrorRedirect(valid().add("resource", "https://api.example.test").add("resource", "https://x.example.test"),
                "invalid_target");
        assertThat(get(valid().add("resource", "https://api.example.test").add("resource", "https://api.example.test"))
                .status()).as("resource may repeat").isEqualTo(200);
    }

    @Test
    void authorizeWhenResponseModeNotQueryThenInvalidRequest() {
        assertErrorRedirect(valid().set("response_mode", "form_post"), "invalid_request");
        assertErrorRedirect(valid().set("response_mode", "fragment"), "invalid_request");
        assertThat(get(valid().set("response_mode", "query")).status()).isEqualTo(200);
    }

    @Test
    void authorizeWhenRequestObjectOrRequestUriThenNotSupported() {
        assertErrorRedirect(valid().set("request", "eyJhbGciOiJub25lIn0.e30."), "request_not_supported");
        assertErrorRedirect(valid().set("request_uri", "https://app.example.test/req"), "request_uri_not_supported");
    }

    @Test
    void authorizeWhenPromptInvalidThenInvalidRequest() {
        assertErrorRedirect(valid().set("prompt", "none login"), "invalid_request");
        assertErrorRedirect(valid().set("prompt", "bogus"), "invalid_request");
        assertThat(get(valid().set("prompt", "login consent")).status()).isEqualTo(200);
    }

    @Test
    void authorizeWhenMaxAgeNotANonNegativeIntegerThenInvalidRequest() {
        assertErrorRedirect(valid().set("max_age", "-1"), "invalid_request");
        assertErrorRedirect(valid().set("max_age", "soon"), "invalid_request");
    }

    @Test
    void authorizeWhenUnknownParametersThenIgnored() {
        assertThat(get(valid().set("foo", "bar").add("foo", "baz").set("display", "page")).status()).isEqualTo(200);
    }

    @Test
    void authorizeWhenRegisteredRedirectUriHasQueryThenErrorParametersAreAppended() {
        Client client = TestClients.on(app.server()).redirectUris("https://app.example.test/cb?tenant=a").register();
        AuthorizeUrl url = AuthorizeUrl.valid(app.server(), client).set("response_type", "token");
        TestServer.Response r = get(url);
        String location = r.header("Location").orElseThrow();
        assertThat(location).startsWith("https://app.example.test/cb?tenant=a&error=unsupported_response_type&");
        assertThat(Browser.query(location)).containsEntry("tenant", "a").containsEntry("state", url.get("state"));
    }

    @Test
    void authorizeWhenStateHasSpecialCharactersThenEchoedExactly() {
        String state = "a b&c=d/é+%";
        Map<String, String> params = assertErrorRedirect(valid().set("state", state).set("response_type", "token"),
                "unsupported_response_type");
        assertThat(params).containsEntry("state", state);
    }
}
