package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CompactJws}: RFC 7515 §3.1 and §2, one spelling per token. No server. */
class CompactJwsTest {
    private static final String T = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";

    @Test
    void whenCanonicalThenAccepted() {
        assertThat(CompactJws.isCanonical(T, 8192)).isTrue();
        assertThat(CompactJws.canonicalSignatureStart(T, 8192)).isEqualTo(T.lastIndexOf('.') + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a.b", "a.b.c.d", "a.b.c.", ".b.c", "a..c", "a.b.",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl=",
            "eyJhbGciOiJFUzI1NiJ9=.eyJzdWIiOiJhIn0.c2lnbmF0dXJl",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl~",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbm+0dXJl",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbm/0dXJl",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl ",
            " eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl\n",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIi OiJhIn0.c2lnbmF0dXJl",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlA",  // length % 4 == 1: no whole byte
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJ",    // 'J' sets a spare bit: same bytes as 'I'
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn1.c2lnbmF0dXJl",   // '1' sets a spare bit of the payload
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJ\u0141", // beyond Latin-1, low byte 'A'
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJ\u00e9"})
    void whenNotCanonicalThenRefused(String token) {
        assertThat(CompactJws.isCanonical(token, 8192)).as(token).isFalse();
    }

    @Test
    void whenNullOrTooLongThenRefused() {
        assertThat(CompactJws.isCanonical(null, 8192)).isFalse();
        assertThat(CompactJws.isCanonical(T, T.length() - 1)).isFalse();
        assertThat(CompactJws.canonicalSignatureStart(null, 8192)).isEqualTo(-1);
    }

    @Test
    void whenAnyByteStringIsEncodedWithoutPaddingThenCanonicalAndNoOtherLastCharacterIs() {
        // The rule is exactly "decodes and re-encodes to itself": every encoder output passes, and every other last
        // character that the lenient JDK decoder maps to the same bytes is refused.
        Random random = new Random(15);
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int len = 1; len < 40; len++) {
            byte[] bytes = new byte[len];
            random.nextBytes(bytes);
            String part = enc.encodeToString(bytes);
            assertThat(CompactJws.isCanonical("e30.e30." + part, 8192)).isTrue();
            String head = part.substring(0, part.length() - 1);
            for (char c : alphabet.toCharArray()) {
                String other = head + c;
                boolean roundTrips;
                try {
                    roundTrips = enc.encodeToString(Base64.getUrlDecoder().decode(other)).equals(other);
                } catch (IllegalArgumentException e) {
                    roundTrips = false;
                }
                assertThat(CompactJws.isCanonical("e30.e30." + other, 8192)).as(other).isEqualTo(roundTrips);
            }
        }
    }
}
