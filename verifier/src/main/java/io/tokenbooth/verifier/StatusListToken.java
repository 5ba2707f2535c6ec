package io.tokenbooth.verifier;

import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A verified Status List Token's list (draft-ietf-oauth-status-list §4, §5.1): {@code bits} per token, the
 * decompressed byte array, and when the token expires (null without {@code exp}). Immutable.
 */
record StatusListToken(int bits, byte[] statuses, Instant expiresAt) {
    /** A decompressed list larger than this is refused (64 million tokens at one bit each). */
    static final int MAX_BYTES = 8 << 20;

    /** The list of a Status List Token already verified as a JWT for {@code uri}; IllegalArgumentException if not. */
    static StatusListToken of(VerifiedToken token, String uri) {
        if (!uri.equals(token.subject())) {
            throw new IllegalArgumentException("sub is not the status list's URI");
        }
        Object ttl = token.claims().getClaim("ttl");
        if (ttl != null && (!(ttl instanceof Number n) || n.doubleValue() <= 0)) {
            throw new IllegalArgumentException("ttl is not a positive number");
        }
        if (!(token.claims().getClaim("status_list") instanceof Map<?, ?> list)
                || !(list.get("bits") instanceof Number bits) || !(list.get("lst") instanceof String lst)) {
            throw new IllegalArgumentException("status_list must have bits and lst");
        }
        int b = bits.intValue();
        if ((b != 1 && b != 2 && b != 4 && b != 8) || bits.doubleValue() != b) {
            throw new IllegalArgumentException("bits must be 1, 2, 4 or 8");
        }
        return new StatusListToken(b, inflate(new Base64URL(lst).decode()), token.expiresAt());
    }

    /** The status value at {@code index} (§4.1: least significant bits first); -1 when out of bounds. */
    int value(int index) {
        long bit = (long) index * bits;
        long at = bit >>> 3;
        if (at >= statuses.length) {
            return -1;
        }
        return (statuses[(int) at] >>> (int) (bit & 7)) & ((1 << bits) - 1);
    }

    /** ZLIB (RFC 1950) with DEFLATE (RFC 1951), as §4.1 requires; bounded. */
    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, compressed.length * 4));
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("lst is truncated");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_BYTES) {
                    throw new IllegalArgumentException("lst is too large");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("lst is not ZLIB data");
        } finally {
            inflater.end();
        }
    }
}
