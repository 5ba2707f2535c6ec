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
        INSUFFICIENT_SCOPE,
        /** Its issuer has invalidated the token: the status list bit is set (Token Status List §7). */
        REVOKED,
        /**
         * Its status cannot be told: the status claim is unusable (a list not under the issuer, an index out of
         * range), or the status data is missing, malformed, expired or older than the configured limit.
         */
        STATUS_UNKNOWN
    }

    private final Reason reason;
    private final String description;
    private final String scope;

    public TokenRejectedException(Reason reason, String description) {
        this(reason, description, null);
    }

    private TokenRejectedException(Reason reason, String description, String scope) {
        super(reason + ": " + description, null, false, false);
        this.reason = reason;
        this.description = description;
        this.scope = scope;
    }

    /** {@code insufficient_scope} naming the scopes the resource needs (RFC 6750 §3: the challenge's {@code scope}). */
    public static TokenRejectedException insufficientScope(String description, String... needed) {
        return new TokenRejectedException(Reason.INSUFFICIENT_SCOPE, description, String.join(" ", needed));
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

    /** The RFC 6750 §3.1 error code: {@code invalid_token} or {@code insufficient_scope} (same as {@link #error()}). */
    public String errorCode() {
        return error();
    }

    /** The HTTP status RFC 6750 §3.1 gives the error code: 403 for {@code insufficient_scope}, else 401. */
    public int status() {
        return reason == Reason.INSUFFICIENT_SCOPE ? 403 : 401;
    }

    /** The scopes the resource needs (space-separated) for {@code insufficient_scope}, else null. */
    public String scope() {
        return scope;
    }

    /**
     * The {@code WWW-Authenticate} value for this refusal (RFC 6750 §3): {@code Bearer realm="…", error="…",
     * error_description="…"} and, for {@code insufficient_scope}, {@code scope="…"}; quoted as the grammar requires.
     */
    public String wwwAuthenticate(String realm) {
        return BearerChallenge.of(realm, error(), description, scope);
    }
}
