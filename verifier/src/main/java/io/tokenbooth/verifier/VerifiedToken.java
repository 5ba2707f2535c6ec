package io.tokenbooth.verifier;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A JWT whose form, signature, type, issuer, audience and times a {@link JwtVerifier} has checked, with the claims an
 * access token carries (RFC 9068 §2.2) read once. Claims a token does not have are null ({@code clientId},
 * {@code scope}, {@code jti}, the times) or empty ({@code audiences}); a verifier can make any of them required.
 * Immutable and thread-safe.
 */
public final class VerifiedToken {
    /** The claim that marks a client's own token: {@code gty} (the grant type that issued it). */
    public static final String GRANT_TYPE_CLAIM = "gty";
    /** The {@code gty} value of a client's own token (RFC 6749 §4.4). */
    public static final String CLIENT_CREDENTIALS = "client_credentials";

    private final String keyId;
    private final String subject;
    private final String clientId;
    private final String scope;
    private final List<String> audiences;
    private final String jti;
    private final Instant expiresAt;
    private final Instant issuedAt;
    private final boolean clientOnly;
    private final JWTClaimsSet claims;

    private VerifiedToken(String keyId, JWTClaimsSet claims) throws ParseException {
        this.keyId = keyId;
        this.claims = claims;
        this.subject = claims.getSubject();
        this.clientId = claims.getStringClaim("client_id");
        this.scope = claims.getStringClaim("scope");
        // Already unmodifiable and unshared (a singleton, or a list over Nimbus's own copy): no second copy, which
        // was a fifth of the parse-and-check time in the profile (docs/performance.md).
        List<String> aud = claims.getAudience();
        this.audiences = aud == null ? List.of() : aud;
        this.jti = claims.getJWTID();
        this.expiresAt = instant(claims.getExpirationTime());
        this.issuedAt = instant(claims.getIssueTime());
        this.clientOnly = subject != null && isClientOnly(subject, clientId, claims.getStringClaim(GRANT_TYPE_CLAIM));
    }

    /** The value of verified {@code claims}; ParseException when a claim has the wrong JSON type. */
    static VerifiedToken of(String keyId, JWTClaimsSet claims) throws ParseException {
        return new VerifiedToken(keyId, claims);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /**
     * Whether a token with these claims is a client's own (RFC 9068 §2.2, RFC 9700 §4.15), told from the token
     * alone: marked {@code gty: client_credentials}, or, for tokens minted before that mark and as a second line,
     * {@code sub} equal to {@code client_id} (a client's own token always has it; a user's token has it only if an
     * operator named a client after that user's account id, and then it is refused, which fails closed).
     */
    public static boolean isClientOnly(String subject, String clientId, String grantType) {
        return CLIENT_CREDENTIALS.equals(grantType) || subject.equals(clientId);
    }

    /** The {@code kid} header of the token: the key that verified it. */
    public String keyId() {
        return keyId;
    }

    public String subject() {
        return subject;
    }

    public String clientId() {
        return clientId;
    }

    /** The {@code scope} claim as sent (space-separated), or null when the token has none. */
    public String scope() {
        return scope;
    }

    /** The scope values, in order (RFC 6749 §3.3); empty when the token has no {@code scope}. */
    public List<String> scopes() {
        List<String> out = new ArrayList<>();
        if (scope != null) {
            for (String s : scope.split(" ")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    public List<String> audiences() {
        return audiences;
    }

    public String jti() {
        return jti;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /** Whether this is a client's own token, acting for no user (see {@link #isClientOnly}). */
    public boolean clientOnly() {
        return clientOnly;
    }

    /** Every claim of the token. */
    public JWTClaimsSet claims() {
        return claims;
    }

    /** Whether the space-separated {@code scope} contains {@code value} (RFC 6749 §3.3). Allocates nothing. */
    public boolean hasScope(String value) {
        if (scope == null || value.isEmpty()) {
            return false;
        }
        int from = 0;
        while (from <= scope.length() - value.length()) {
            int end = scope.indexOf(' ', from);
            int stop = end < 0 ? scope.length() : end;
            if (stop - from == value.length() && scope.startsWith(value, from)) {
                return true;
            }
            if (end < 0) {
                return false;
            }
            from = end + 1;
        }
        return false;
    }

    /** Refuses the token with {@code insufficient_scope} (RFC 6750 §3.1) unless it carries {@code value}. */
    public VerifiedToken requireScope(String value) throws TokenRejectedException {
        if (!hasScope(value)) {
            throw TokenRejectedException.insufficientScope("the access token lacks the " + value + " scope", value);
        }
        return this;
    }
}
