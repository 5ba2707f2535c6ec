package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.server.testing.RunningServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6: every endpoint that reads a form or a query decodes it with the one strict decoder. A value that is not
 * UTF-8 once percent-decoded is refused with 400 at the OAuth endpoints too (they used to carry on with U+FFFD), and
 * the browser endpoints' body limit is the same {@code RequestBody} limit as the others'.
 */
class FormEncodingTest {
    private static final int LIMIT = 4096;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final List<String> OAUTH_POSTS = List.of("/oauth2/token", "/oauth2/revoke", "/oauth2/introspect",
            "/oauth2/userinfo");
    private static final List<String> BROWSER_POSTS = List.of("/oauth2/authorize", "/oauth2/authorize/login",
            "/oauth2/authorize/consent", "/oauth2/logout", "/oauth2/logout/confirm");

    @RegisterExtension
    static final RunningServer app = RunningServer.h2().set("http.max-body-bytes", Integer.toString(LIMIT));

    private static int port() {
        return app.server().tokenbooth().port();
    }

    private static RawHttp.Answer post(String path, String body) {
        return RawHttp.request(port(), "POST", path, body.getBytes(StandardCharsets.ISO_8859_1),
                "Content-Type", FORM);
    }

    @Test
    void oauthEndpointsWhenValueIsNotUtf8ThenInvalidRequestNamingIt() {
        for (String path : OAUTH_POSTS) {
            for (String body : List.of("grant_type=client_credentials&token=%C3%28", "token=\u00ff\u00fe")) {
                var json = Answers.assertError(post(path, body), 400, "invalid_request");
                assertThat(json.get("error_description").asText()).as(path).isEqualTo("the form body is not valid UTF-8");
            }
        }
    }

    @Test
    void oauthEndpointsWhenEscapeHasASignThenInvalidRequest() {
        for (String path : OAUTH_POSTS) {
            var json = Answers.assertError(post(path, "token=%+1"), 400, "invalid_request");
            assertThat(json.get("error_description").asText()).as(path)
                    .isEqualTo("the form body is not correctly percent-encoded");
        }
    }

    @Test
    void browserEndpointsWhenQueryOrBodyIsNotUtf8Then400() {
        for (String path : BROWSER_POSTS) {
            assertThat(post(path, "client_id=%C3%28").status()).as(path).isEqualTo(400);
        }
        for (String path : List.of("/oauth2/authorize?client_id=%C3%28", "/oauth2/logout?state=%ED%A0%80")) {
            assertThat(RawHttp.request(port(), "GET", path, null).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void browserEndpointsWhenBodyOverTheLimitThen413FromTheSameReaderAsTheOAuthEndpoints() {
        String big = "state=" + "s".repeat(LIMIT);
        String expected = "the request body exceeds " + LIMIT + " bytes";
        for (String path : BROWSER_POSTS) {
            var json = Answers.assertError(post(path, big), 413, "invalid_request");
            assertThat(json.get("error_description").asText()).as(path).isEqualTo(expected);
        }
        var json = Answers.assertError(post("/oauth2/token", big), 413, "invalid_request");
        assertThat(json.get("error_description").asText()).isEqualTo(expected);
    }
}
