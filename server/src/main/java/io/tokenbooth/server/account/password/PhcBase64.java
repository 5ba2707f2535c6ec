package io.tokenbooth.server.account.password;

import java.util.Base64;
import java.util.Optional;

/**
 * The "B64" encoding of the PHC string format (https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md):
 * the standard RFC 4648 §4 alphabet without {@code =} padding, as written by the reference Argon2 implementation and by
 * Spring Security. Stateless; thread-safe.
 */
final class PhcBase64 {
    private PhcBase64() {
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Empty if {@code text} is not unpadded standard base64. */
    static Optional<byte[]> decode(String text) {
        if (text.indexOf('=') >= 0 || text.length() % 4 == 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
