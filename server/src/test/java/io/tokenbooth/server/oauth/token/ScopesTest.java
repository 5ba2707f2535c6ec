package io.tokenbooth.server.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenbooth.server.oauth.OAuthException;
import org.junit.jupiter.api.Test;

/** RFC 6749 §3.3 scope tokens: every printable ASCII character but space, {@code "} and {@code \}; 1 to 128 long. */
class ScopesTest {
    @Test
    void whenEachCharacterIsTriedAloneThenOnlyTheRfcSetIsAScopeToken() {
        for (char c = 0; c < 0x100; c++) {
            boolean rfc = c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
            assertThat(Scopes.isScopeToken(String.valueOf(c))).as("U+%04X", (int) c).isEqualTo(rfc);
        }
        assertThat(Scopes.isScopeToken("orders:read\u00e9")).isFalse();
    }

    @Test
    void whenATokenIsEmptyOrLongerThan128ThenRefused() {
        assertThat(Scopes.isScopeToken("")).isFalse();
        assertThat(Scopes.isScopeToken("a".repeat(128))).isTrue();
        assertThat(Scopes.isScopeToken("a".repeat(129))).isFalse();
    }

    @Test
    void whenARequestedScopeHasAMalformedTokenThenInvalidScope() {
        assertThat(Scopes.parse("  orders:read  openid ")).containsExactly("orders:read", "openid");
        assertThatThrownBy(() -> Scopes.parse("orders:read bad\"quote")).isInstanceOf(OAuthException.class)
                .hasFieldOrPropertyWithValue("error", "invalid_scope");
        assertThatThrownBy(() -> Scopes.parse("   ")).isInstanceOf(OAuthException.class);
    }
}
