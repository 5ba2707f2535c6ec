package io.tokenbooth.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.oauth.OAuthException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registration rules (RFC 9700 §2.1, RFC 8252 §7-8) and exact matching (RFC 9700 §4.1.3) of redirect URIs. */
class RedirectUrisTest {

    // ---- registration ----

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/cb",
            "https://app.example.com:8443/oauth/callback?tenant=a",
            "http://127.0.0.1:8080/cb",
            "http://127.0.0.1/cb",
            "http://[::1]/cb",
            "http://[::1]:9000/cb",
            "com.example.app:/oauth2redirect",
    })
    void validateForRegistrationWhenAllowedFormThenReturnedUnchanged(String uri) {
        assertThat(RedirectUris.validateForRegistration(uri)).isEqualTo(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/cb",                                   // relative
            "app.example.com/cb",                    // relative (no scheme)
            "//app.example.com/cb",                  // scheme-relative
            "",
    })
    void validateForRegistrationWhenRelativeThenInvalidRequest(String uri) {
        assertRefused(uri, "absolute URI");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/cb#frag",
            "https://app.example.com/cb#",
            "http://127.0.0.1/cb#x",
            "com.example.app:/cb#x",
    })
    void validateForRegistrationWhenFragmentThenInvalidRequest(String uri) {
        assertRefused(uri, "fragment");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://*.example.com/cb",
            "https://app.example.com/*",
            "https://app.example.com/cb*",
    })
    void validateForRegistrationWhenWildcardThenInvalidRequest(String uri) {
        // java.net.URI refuses '*' in a host outright, so either message is a refusal; the path forms reach the rule.
        assertThatThrownBy(() -> RedirectUris.validateForRegistration(uri))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error()).isEqualTo("invalid_request");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.description()).containsAnyOf("wildcard", "not a valid absolute URI");
                });
    }

    @Test
    void validateForRegistrationWhenWildcardInPathThenMessageNamesWildcards() {
        assertRefused("https://app.example.com/*", "wildcard");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://app.example.com/cb",
            "http://192.168.1.10/cb",
            "http://127.0.0.2/cb",                   // only the literal 127.0.0.1 is accepted
            "http://127.0.0.1.evil.example/cb",
            "http://[::2]/cb",
            "http://localhost/cb",                   // RFC 8252 §8.3: NOT RECOMMENDED; the code refuses it
            "http://localhost:8080/cb",
    })
    void validateForRegistrationWhenHttpOnNonLoopbackIpLiteralThenInvalidRequest(String uri) {
        assertRefused(uri, "http only on 127.0.0.1 or [::1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "javascript://example.com/%0Aalert(1)", "data:text/html,hi",
            "file:///etc/passwd"})
    void validateForRegistrationWhenDangerousSchemeThenInvalidRequest(String uri) {
        assertThatThrownBy(() -> RedirectUris.validateForRegistration(uri))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo("invalid_request"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"myapp:/callback", "myapp://callback", "exampleapp:/oauth2redirect"})
    void validateForRegistrationWhenPrivateUseSchemeWithoutDotThenInvalidRequest(String uri) {
        assertRefused(uri, "reverse-domain form");
    }

    @Test
    void validateForRegistrationWhenHttpsWithoutHostThenInvalidRequest() {
        assertRefused("https:/cb", "must name a host");
    }

    private static void assertRefused(String uri, String why) {
        assertThatThrownBy(() -> RedirectUris.validateForRegistration(uri))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error()).isEqualTo("invalid_request");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.description()).contains(why);
                });
    }

    // ---- matching: exact, character for character ----

    private static final List<String> WEB = List.of("https://app.example.com/cb");

    @Test
    void matchesWhenIdenticalThenTrue() {
        assertThat(RedirectUris.matches(WEB, "https://app.example.com/cb")).isTrue();
    }

    @Test
    void matchesWhenOneOfSeveralRegisteredThenTrue() {
        List<String> several = List.of("https://a.example.com/cb", "https://app.example.com/cb");
        assertThat(RedirectUris.matches(several, "https://app.example.com/cb")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://app.example.com/c",             // prefix
            "https://app.example.com/cb/evil",       // extra path segment
            "https://app.example.com/cb?x=1",        // extra query
            "https://app.example.com/CB",            // path case
            "https://APP.example.com/cb",            // host case
            "HTTPS://app.example.com/cb",            // scheme case
            "https://app.example.com/cb/",           // trailing slash
            "https://app.example.com/cb#frag",       // fragment
            "https://app.example.com:443/cb",        // explicit default port
            "http://app.example.com/cb",             // other scheme
            "https://app.example.com.evil.example/cb",
            "https://app.example.com/cb%20",
            " https://app.example.com/cb",
            "",
    })
    void matchesWhenNotCharacterForCharacterEqualThenFalse(String presented) {
        assertThat(RedirectUris.matches(WEB, presented)).isFalse();
    }

    @Test
    void matchesWhenPresentedNullThenFalse() {
        assertThat(RedirectUris.matches(WEB, null)).isFalse();
    }

    @Test
    void matchesWhenNothingRegisteredThenFalse() {
        assertThat(RedirectUris.matches(List.of(), "https://app.example.com/cb")).isFalse();
    }

    @Test
    void matchesWhenTrailingSlashRegisteredAndPresentedWithoutThenFalse() {
        assertThat(RedirectUris.matches(List.of("https://app.example.com/cb/"), "https://app.example.com/cb")).isFalse();
    }

    @Test
    void matchesWhenPrivateUseSchemeIdenticalThenTrueAndOtherPathFalse() {
        List<String> app = List.of("com.example.app:/oauth2redirect");
        assertThat(RedirectUris.matches(app, "com.example.app:/oauth2redirect")).isTrue();
        assertThat(RedirectUris.matches(app, "com.example.app:/oauth2redirect/x")).isFalse();
        assertThat(RedirectUris.matches(app, "com.example.evil:/oauth2redirect")).isFalse();
    }

    // ---- matching: loopback on any port (RFC 8252 §7.3) ----

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/cb", "http://127.0.0.1:80/cb", "http://127.0.0.1:51234/cb",
            "http://127.0.0.1:65535/cb"})
    void matchesWhenLoopbackRegisteredWithoutPortAndPresentedOnAnyPortThenTrue(String presented) {
        assertThat(RedirectUris.matches(List.of("http://127.0.0.1/cb"), presented)).isTrue();
    }

    @Test
    void matchesWhenLoopbackRegisteredOnPort8080AndPresentedOnOtherPortThenTrue() {
        assertThat(RedirectUris.matches(List.of("http://127.0.0.1:8080/cb"), "http://127.0.0.1:51234/cb")).isTrue();
        assertThat(RedirectUris.matches(List.of("http://127.0.0.1:8080/cb"), "http://127.0.0.1/cb")).isTrue();
    }

    @Test
    void matchesWhenIpv6LoopbackOnOtherPortThenTrue() {
        assertThat(RedirectUris.matches(List.of("http://[::1]/cb"), "http://[::1]:51234/cb")).isTrue();
    }

    @Test
    void matchesWhenLoopbackWithQueryRegisteredAndSameQueryOnOtherPortThenTrue() {
        assertThat(RedirectUris.matches(List.of("http://127.0.0.1/cb?app=1"), "http://127.0.0.1:4000/cb?app=1")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:51234/other",          // different path
            "http://127.0.0.1:51234/cb/",            // trailing slash
            "http://127.0.0.1:51234/cb/x",           // extra segment
            "http://127.0.0.1:51234/cb?x=1",         // extra query
            "http://127.0.0.1:51234/cb#f",           // fragment
            "http://localhost:51234/cb",             // localhost is not the loopback literal
            "http://localhost/cb",
            "https://127.0.0.1:51234/cb",            // https
            "https://127.0.0.1/cb",
            "http://[::1]:51234/cb",                 // the other loopback family
            "http://user@127.0.0.1:51234/cb",        // userinfo
            "http://127.0.0.2:51234/cb",
    })
    void matchesWhenLoopbackRegisteredAndPresentedDiffersBeyondPortThenFalse(String presented) {
        assertThat(RedirectUris.matches(List.of("http://127.0.0.1:8080/cb"), presented)).isFalse();
        assertThat(RedirectUris.matches(List.of("http://127.0.0.1/cb"), presented)).isFalse();
    }

    @Test
    void matchesWhenNonLoopbackRegisteredAndPresentedOnOtherPortThenFalse() {
        assertThat(RedirectUris.matches(List.of("https://app.example.com/cb"), "https://app.example.com:8443/cb")).isFalse();
        assertThat(RedirectUris.matches(List.of("https://app.example.com:8443/cb"), "https://app.example.com:9443/cb"))
                .isFalse();
    }
}
