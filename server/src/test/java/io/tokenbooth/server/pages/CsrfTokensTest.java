package io.tokenbooth.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    @Test
    void matchesWhenCookieAndFieldEqualThenTrueElseFalse() {
        String token = CsrfTokens.generate();
        assertThat(CsrfTokens.matches(token, token)).isTrue();
        assertThat(CsrfTokens.matches(token, CsrfTokens.generate())).isFalse();
        assertThat(CsrfTokens.matches(token, null)).isFalse();
        assertThat(CsrfTokens.matches(null, token)).isFalse();
        assertThat(CsrfTokens.matches(null, null)).isFalse();
        assertThat(CsrfTokens.matches("", "")).as("empty equals empty is still no token").isFalse();
        assertThat(CsrfTokens.matches("short", "short")).isFalse();
    }

    @Test
    void generateWhenCalledThenFresh256BitTokens() {
        assertThat(CsrfTokens.generate()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(CsrfTokens.generate());
    }

    @Test
    void cookiesWhenHttpsThenSecureAndHostPrefixElsePlain() {
        BrowserCookies http = new BrowserCookies("http://127.0.0.1:8080");
        BrowserCookies https = new BrowserCookies("https://auth.example.com");
        assertThat(http.csrf("v")).isEqualTo("tokenbooth_csrf=v; Path=/; HttpOnly; SameSite=Lax");
        assertThat(https.csrf("v")).isEqualTo("__Host-tokenbooth_csrf=v; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(https.session("v")).isEqualTo("__Host-tokenbooth_session=v; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(https.expiredSession()).startsWith("__Host-tokenbooth_session=; Max-Age=0;").contains("Secure");
        assertThat(http.session("v")).isEqualTo("tokenbooth_session=v; Path=/; HttpOnly; SameSite=Lax");
        assertThat(http.expiredSession()).startsWith("tokenbooth_session=; Max-Age=0;").contains("HttpOnly");
    }
}
