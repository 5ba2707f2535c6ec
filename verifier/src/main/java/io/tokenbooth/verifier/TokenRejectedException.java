package io.tokenbooth.verifier;

/**
 * Why a token was refused, as a resource server answers it (RFC 6750 §3.1): the {@link #error() error code}
 * ({@code invalid_token} or {@code insufficient_scope}), the {@link #status() HTTP status} (401 or 403) and a
 * {@link #description() description} safe to show to the caller, ready for a {@code WWW-Authenticate: Bearer}
 * challenge. The {@link #reason() reason} says which rule refused it, so that a caller can map it (a client
 * assertion's signature failure, say) without reading the description. Immutable; no stack trace (refusals are
 * routine, and a stack trace would cost more than the check).
 */
public final class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The rule that refused the token. */
    public enum Reason {
        /** Not a canonical compact JWS, too long, or not parseable as a signed JWT. */
        MALFORMED,
        /** An algorithm outside the allow-list (never {@code none}, never HMAC). */
        ALGORITHM,
        /** A header the composition does not accept, such as an unknown critical ({@code crit}) parameter. */
        HEADER,
        /** The JOSE {@code typ} header is not the one expected (RFC 8725 §3.11). */
        TYPE,
        /** No key from the key source matches the header's {@code kid} and algorithm. */
        UNKNOWN_KEY,
        /** The signature does not verify (including a high {@code s} for ECDSA when low-s is required). */
        SIGNATURE,
        /** {@code exp} is past, beyond the clock skew. */
        EXPIRED,
        /** Another claim rule: {@code iss}, {@code aud}, a required claim, {@code nbf} or {@code iat} in the future. */
        CLAIMS,
        /** The token is valid but lacks a scope the resource needs (RFC 6750 {@code insufficient_scope}). */
        INSUFFICIENT_SCOPE
    }

    private final Reason reason;
    private final String description;

    public TokenRejectedException(Reason reason, String description) {
        super(reason + ": " + description, null, false, false);
        this.reason = reason;
        this.description = description;
    }

    public Reason reason() {
        return reason;
    }

    /** A description for the caller ({@code error_description}); never key material or internal state. */
    public String description() {
        return description;
    }

    /** The RFC 6750 §3.1 error code. */
    public String error() {
        return reason == Reason.INSUFFICIENT_SCOPE ? "insufficient_scope" : "invalid_token";
    }

    /** The HTTP status RFC 6750 §3.1 gives the error code: 403 for {@code insufficient_scope}, else 401. */
    public int status() {
        return reason == Reason.INSUFFICIENT_SCOPE ? 403 : 401;
    }
}
