package io.tokenbooth.verifier;

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
    /** The 6-bit value of each base64url character, -1 for every other character below 256. */
    private static final byte[] VALUE = new byte[256];

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
        int signature = canonicalSignatureStart(token, maxLength);
        if (signature < 0) {
            return false;
        }
        int first = token.indexOf('.');
        return first < signature - 1 && token.indexOf('.', first + 1) == signature - 1
                && canonicalPart(token, 0, first) && canonicalPart(token, first + 1, signature - 1);
    }

    /**
     * Where the signature part (after the last dot) starts, if it is canonical and {@code token} is at most
     * {@code maxLength} characters; otherwise -1. The cheap half of {@link #isCanonical}, for a cache keyed by the
     * signing input: a signing input equal to a remembered one (which passed the whole check, so it has exactly one
     * dot and canonical parts) needs no second look; any other gets the whole check before it is verified.
     */
    public static int canonicalSignatureStart(String token, int maxLength) {
        if (token == null || token.length() > maxLength) {
            return -1;
        }
        int last = token.lastIndexOf('.');
        return last >= 0 && canonicalPart(token, last + 1, token.length()) ? last + 1 : -1;
    }

    /** Whether {@code token[from, to)} is a non-empty canonical unpadded base64url string. */
    private static boolean canonicalPart(String token, int from, int to) {
        int length = to - from;
        if (length <= 0 || length % 4 == 1) {
            return false; // empty, or 6 spare bits that encode no whole byte
        }
        int acc = 0;
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            // Branch-free: negative for any character outside the alphabet (a table miss, or beyond 255).
            acc |= VALUE[c & 0xFF] | ((255 - c) >> 31);
        }
        if (acc < 0) {
            return false;
        }
        int last = VALUE[token.charAt(to - 1)];
        return switch (length % 4) {
            case 2 -> (last & 0x0F) == 0;    // one byte: the last character's low 4 bits are padding
            case 3 -> (last & 0x03) == 0;    // two bytes: its low 2 bits are padding
            default -> true;
        };
    }
}
