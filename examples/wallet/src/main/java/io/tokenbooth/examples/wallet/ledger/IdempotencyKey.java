package io.tokenbooth.examples.wallet.ledger;

import java.util.regex.Pattern;

/**
 * The value of an {@code Idempotency-Key} header (draft-ietf-httpapi-idempotency-key-header): 1 to 128 characters
 * of letters, digits and {@code - _ . :} (a UUID fits; a quoted sf-string is taken without its quotes). Scoped to
 * the wallet's owner, so two users' keys never collide.
 */
public record IdempotencyKey(String value) {
    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    public IdempotencyKey {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("Idempotency-Key must be 1 to " + MAX_LENGTH
                    + " characters of letters, digits and - _ . :");
        }
    }

    /** The header value as sent: plain, or an RFC 8941 string in double quotes. */
    public static IdempotencyKey parse(String header) {
        String v = header == null ? null : header.strip();
        if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return new IdempotencyKey(v);
    }
}
