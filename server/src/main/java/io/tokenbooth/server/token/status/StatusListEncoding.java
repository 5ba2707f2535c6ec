package io.tokenbooth.server.token.status;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.Deflater;

/**
 * The Status List byte array and its {@code lst} encoding (draft-ietf-oauth-status-list §4.1, §4.2), for
 * {@code bits} = 1: the status of index {@code i} is bit {@code i % 8} (least significant first) of byte
 * {@code i / 8}; the array is compressed with DEFLATE in the ZLIB format (RFC 1950, RFC 1951) at the highest level,
 * then base64url-encoded without padding. Stateless and thread-safe.
 */
public final class StatusListEncoding {
    /** Status values per token: 1 bit, 0 VALID and 1 INVALID (§7.1). */
    public static final int BITS = 1;

    private StatusListEncoding() {
    }

    /** A zeroed (all VALID) byte array for {@code size} indices. */
    public static byte[] emptyList(int size) {
        return new byte[(size + 7) / 8];
    }

    /** Sets index {@code idx} to INVALID in {@code list}. */
    public static void setInvalid(byte[] list, int idx) {
        list[idx >>> 3] |= (byte) (1 << (idx & 7));
    }

    public static boolean isInvalid(byte[] list, int idx) {
        int b = idx >>> 3;
        return b < list.length && (list[b] & (1 << (idx & 7))) != 0;
    }

    /** The {@code lst} value: base64url(zlib(list)). */
    public static String lst(byte[] list) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(compress(list));
    }

    static byte[] compress(byte[] list) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(list);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, list.length / 64));
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
