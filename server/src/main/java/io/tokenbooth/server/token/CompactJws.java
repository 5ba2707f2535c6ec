package io.tokenbooth.server.token;

/**
 * The one canonical spelling of a JWS compact serialisation (RFC 7515 §3.1, §7.1): exactly three non-empty parts
 * separated by two dots, each base64url as RFC 7515 §2 defines it: the URL-safe alphabet only, no {@code =} padding,
 * no white space or line breaks, no length that no byte string encodes, and no bits set in the last character
 * beyond those that carry data (RFC 4648 §3.5: "canonical encoding"). Such a string decodes and re-encodes to
 * itself, so no two accepted spellings carry the same bytes.
 *
 * <p>Why: Nimbus, like most JOSE libraries, decodes leniently (it skips {@code =}, {@code ~}, white space), so
 * {@code t}, {@code t=} and {@code t~} all verify. Every such spelling of one stolen token would be a new key in a
 * cache of verified tokens. Checked before parsing, in one pass without allocation, so it costs next to nothing on
 * the hot paths (introspection, {@code /api/v1/me}, UserInfo). Stateless; thread-safe.
 */
public final class CompactJws {
    /** The 6-bit value of each base64url character, -1 for every other character below 128. */
    private static final byte[] VALUE = new byte[128];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUE[alphabet.charAt(i)] = (byte) i;
        }
    }

    private CompactJws() {
    }

    /** Whether {@code token} is a canonical three-part compact JWS of at most {@code maxLength} characters. */
    public static boolean isCanonical(String token, int maxLength) {
        if (token == null || token.isEmpty() || token.length() > maxLength) {
            return false;
        }
        int dots = 0;
        int partStart = 0;
        int n = token.length();
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (++dots > 2 || !canonicalPart(token, partStart, i)) {
                    return false;
                }
                partStart = i + 1;
            } else if (c >= 128 || VALUE[c] < 0) {
                return false;
            }
        }
        return dots == 2 && canonicalPart(token, partStart, n);
    }

    /** Whether {@code token[from, to)} (alphabet already checked) is a canonical unpadded base64url string. */
    private static boolean canonicalPart(String token, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return false;
        }
        int last = VALUE[token.charAt(to - 1)];
        return switch (length % 4) {
            case 1 -> false;                 // 6 bits: encodes no whole byte
            case 2 -> (last & 0x0F) == 0;    // one byte: the last character's low 4 bits are padding
            case 3 -> (last & 0x03) == 0;    // two bytes: its low 2 bits are padding
            default -> true;
        };
    }
}
