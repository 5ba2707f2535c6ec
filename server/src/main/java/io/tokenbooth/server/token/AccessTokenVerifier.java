package io.tokenbooth.server.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.verifier.CompactJws;
import io.tokenbooth.verifier.JwtVerifier;
import io.tokenbooth.verifier.TokenRejectedException;
import io.tokenbooth.verifier.VerifiedToken;
import java.time.Clock;
import java.time.Duration;

/**
 * Verifies access tokens issued by this server (RFC 8725, RFC 9068 §4) on the one verification path
 * ({@link JwtVerifier}, fed by the key ring through {@link KeyService#verificationKeys()}): canonical form, ES256 /
 * RS256 / EdDSA only, keys only from our ring by {@code kid}, {@code typ} {@code at+jwt}, {@code iss} exact,
 * {@code aud} ours (or any, for the endpoints that answer about every token we issued), {@code exp} / {@code nbf} /
 * {@code iat} within the skew, {@code sub}, {@code jti}, {@code exp}, {@code iat} required, low {@code s} for ES256.
 * What this class adds is the cache of verified tokens behind introspection. Refusals are {@code invalid_token}.
 * Thread-safe.
 */
public final class AccessTokenVerifier {
    private static final int MAX_TOKEN_LENGTH = JwtVerifier.DEFAULT_MAX_LENGTH;
    private static final int REMEMBERED_TOKENS = 10_000;

    private final KeyService keys;
    private final Clock clock;
    private final JwtVerifier ownAudience;
    private final JwtVerifier anyAudience;
    /**
     * Keyed by the signing input ({@code header.payload}), which no other spelling of the same token shares once the
     * form is canonical; the entry keeps the signature that was verified, and only that exact signature is served
     * from it. Bounded by size with Caffeine's frequency-aware eviction. An entry expires with its token: never served
     * past {@code exp} (checked on every hit, on the verifier's clock, and then dropped). Not Caffeine's per-entry
     * expiry: it costs more than the whole lookup (docs/performance.md), and unread entries are the first evicted.
     */
    private final Cache<String, Remembered> remembered;

    /** A verified token and the signature part it was verified with. */
    private record Remembered(VerifiedToken token, String signature) {
    }

    public AccessTokenVerifier(KeyService keys, Clock clock, String issuer, String audience, Duration skew) {
        this.keys = keys;
        this.clock = clock;
        this.ownAudience = rules(keys, clock, issuer, skew).audience(audience).build();
        this.anyAudience = rules(keys, clock, issuer, skew).anyAudience().build();
        this.remembered = Caffeine.newBuilder().maximumSize(REMEMBERED_TOKENS).build();
    }

    private static JwtVerifier.Builder rules(KeyService keys, Clock clock, String issuer, Duration skew) {
        return JwtVerifier.builder(keys.verificationKeys()).issuer(issuer).type(AccessTokenMinter.AT_JWT)
                .requiredClaims("sub", "jti", "exp", "iat").clock(clock).clockSkew(skew).maxLength(MAX_TOKEN_LENGTH);
    }

    /** Verifies a token meant for this server's own API ({@code aud} must contain the configured audience). */
    public VerifiedToken verify(String token) {
        return verify(ownAudience, token);
    }

    /**
     * Verifies a token issued by this server for any audience: for the UserInfo and introspection endpoints, which
     * answer about every token this server issued.
     */
    public VerifiedToken verifyAnyAudience(String token) {
        return verify(anyAudience, token);
    }

    /**
     * Like {@link #verifyAnyAudience}, but remembers up to {@value #REMEMBERED_TOKENS} tokens verified recently, so
     * that a token presented again (a resource server introspecting the same token on every request it serves) costs
     * a lookup instead of a signature verification. Only canonical tokens verified in full are remembered, one entry
     * per signing input; a hit needs the very signature verified then, a still-published key and an unexpired token.
     * Memory is bounded: past the limit the least frequently presented tokens are forgotten, and none outlives its
     * token.
     */
    public VerifiedToken verifyAnyAudienceRemembering(String token) {
        // Before the lookup: a canonical signature part. The signing input needs no look of its own here: it can
        // only equal a remembered one, which passed the whole check; any other gets it in the verification below.
        int sig = CompactJws.canonicalSignatureStart(token, MAX_TOKEN_LENGTH);
        if (sig < 0) {
            throw OAuthException.invalidToken("the access token is malformed");
        }
        String signingInput = token.substring(0, sig - 1);
        Remembered r = remembered.getIfPresent(signingInput);
        if (r != null && token.length() - sig == r.signature().length()
                && token.regionMatches(sig, r.signature(), 0, r.signature().length())) {
            if (keys.ring().published(r.token().keyId()).isPresent() && r.token().expiresAt().isAfter(clock.instant())) {
                return r.token();
            }
            remembered.invalidate(signingInput);
        }
        VerifiedToken verified = verify(anyAudience, token);
        remembered.put(signingInput, new Remembered(verified, token.substring(sig)));
        return verified;
    }

    /** How many verified tokens are remembered now (for tests and metrics). */
    public long rememberedCount() {
        remembered.cleanUp();
        return remembered.estimatedSize();
    }

    private static VerifiedToken verify(JwtVerifier verifier, String token) {
        try {
            return verifier.verify(token);
        } catch (TokenRejectedException e) {
            throw toOAuth(e);
        }
    }

    /** The refusal as the one error type: the RFC 6750 code, its status and the description. */
    static OAuthException toOAuth(TokenRejectedException e) {
        return OAuthException.of(e.error(), e.description(), e.status());
    }
}
