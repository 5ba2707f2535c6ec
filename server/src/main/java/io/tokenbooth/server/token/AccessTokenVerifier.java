package io.tokenbooth.server.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.keys.KeyService;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.oauth.OAuthException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies access tokens issued by this server (RFC 8725, RFC 9068 §4):
 * <ul>
 * <li>only asymmetric algorithms we sign with (no {@code none}, no HMAC: no algorithm confusion);</li>
 * <li>keys only from our own key ring by {@code kid}; {@code jku}, {@code x5u} and embedded {@code jwk} are ignored;</li>
 * <li>{@code typ} must be {@code at+jwt}, so ID and refresh tokens are refused;</li>
 * <li>{@code iss} compared exactly, {@code aud} must contain ours, {@code exp}/{@code nbf}/{@code iat} within
 * skew;</li>
 * <li>only the canonical compact serialisation ({@link CompactJws}), checked before parsing and before a token is
 * served from or added to the cache, and for ES256 only the low {@code s} (the key's verifier): one token, one
 * accepted spelling.</li>
 * </ul>
 * Thread-safe.
 */
public final class AccessTokenVerifier {
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA);
    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final int REMEMBERED_TOKENS = 10_000;

    private final KeyService keys;
    private final Clock clock;
    private final String issuer;
    private final String audience;
    private final Duration skew;
    /**
     * Keyed by the signing input ({@code header.payload}), which no other spelling of the same token shares once the
     * form is canonical; the entry keeps the signature that was verified, and only that exact signature is served
     * from it. Bounded by size with Caffeine's frequency-aware eviction. An entry expires with its token: never served
     * past {@code exp} (checked on every hit, on the verifier's clock, and then dropped). Not Caffeine's per-entry
     * expiry: it costs more than the whole lookup (docs/performance.md), and unread entries are the first evicted.
     */
    private final Cache<String, Remembered> remembered;

    /** A verified token, the signature part it was verified with, and the key that signed it. */
    private record Remembered(VerifiedAccessToken token, String signature, String kid) {
    }

    public AccessTokenVerifier(KeyService keys, Clock clock, String issuer, String audience, Duration skew) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
        this.remembered = Caffeine.newBuilder().maximumSize(REMEMBERED_TOKENS).build();
    }

    /** Verifies a token meant for this server's own API ({@code aud} must contain the configured audience). */
    public VerifiedAccessToken verify(String token) {
        return verify(token, true);
    }

    /**
     * Verifies a token issued by this server for any audience: for the UserInfo and introspection endpoints, which
     * answer about every token this server issued.
     */
    public VerifiedAccessToken verifyAnyAudience(String token) {
        return verify(token, false);
    }

    /**
     * Like {@link #verifyAnyAudience}, but remembers up to {@value #REMEMBERED_TOKENS} tokens verified recently, so
     * that a token presented again (a resource server introspecting the same token on every request it serves) costs
     * a lookup instead of a signature verification. Only canonical tokens verified in full are remembered, one entry
     * per signing input; a hit needs the very signature verified then, a still-published key and an unexpired token.
     * Memory is bounded: past the limit the least frequently presented tokens are forgotten, and none outlives its
     * token.
     */
    public VerifiedAccessToken verifyAnyAudienceRemembering(String token) {
        // Before the lookup: a canonical signature part. The signing input needs no look of its own here: it can
        // only equal a remembered one, which passed the whole check; any other gets it below, before verification.
        int sig = CompactJws.canonicalSignatureStart(token, MAX_TOKEN_LENGTH);
        if (sig < 0) {
            throw malformed();
        }
        String signingInput = token.substring(0, sig - 1);
        Remembered r = remembered.getIfPresent(signingInput);
        if (r != null && token.length() - sig == r.signature().length()
                && token.regionMatches(sig, r.signature(), 0, r.signature().length())) {
            if (keys.ring().published(r.kid()).isPresent() && r.token().expiresAt().isAfter(clock.instant())) {
                return r.token();
            }
            remembered.invalidate(signingInput);
        }
        requireCanonical(token);
        Remembered verified = verifyWithKey(token, false);
        remembered.put(signingInput, verified);
        return verified.token();
    }

    /** How many verified tokens are remembered now (for tests and metrics). */
    public long rememberedCount() {
        remembered.cleanUp();
        return remembered.estimatedSize();
    }

    private VerifiedAccessToken verify(String token, boolean checkAudience) {
        requireCanonical(token);
        return verifyWithKey(token, checkAudience).token();
    }

    private static void requireCanonical(String token) {
        if (!CompactJws.isCanonical(token, MAX_TOKEN_LENGTH)) {
            throw malformed();
        }
    }

    private static OAuthException malformed() {
        return OAuthException.invalidToken("the access token is malformed");
    }

    /** Verifies a token already known to be canonical. */
    private Remembered verifyWithKey(String token, boolean checkAudience) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw malformed();
        }
        JWSHeader header = jwt.getHeader();
        if (!ALLOWED.contains(header.getAlgorithm())) {
            throw OAuthException.invalidToken("the access token's algorithm is not accepted");
        }
        if (!AccessTokenMinter.AT_JWT.equals(header.getType())) {
            throw OAuthException.invalidToken("the token is not an access token (typ must be at+jwt)");
        }
        SigningKey key = keys.ring().published(header.getKeyID())
                .filter(k -> k.alg().equals(header.getAlgorithm().getName()))
                .orElseThrow(() -> OAuthException.invalidToken("the access token's signing key is unknown"));
        try {
            if (!jwt.verify(key.verifier())) {
                throw OAuthException.invalidToken("the access token's signature is invalid");
            }
            return new Remembered(checkClaims(jwt.getJWTClaimsSet(), checkAudience), jwt.getSignature().toString(),
                    key.kid());
        } catch (JOSEException | ParseException e) {
            throw OAuthException.invalidToken("the access token's signature is invalid");
        }
    }

    private VerifiedAccessToken checkClaims(JWTClaimsSet c, boolean checkAudience) throws ParseException {
        Instant now = clock.instant();
        if (!issuer.equals(c.getIssuer())) {
            throw OAuthException.invalidToken("the access token was issued by another issuer");
        }
        List<String> aud = c.getAudience();
        if (aud == null || aud.isEmpty() || (checkAudience && !aud.contains(audience))) {
            throw OAuthException.invalidToken("the access token is for another audience");
        }
        Date exp = c.getExpirationTime();
        Date iat = c.getIssueTime();
        if (exp == null || iat == null || c.getSubject() == null || c.getJWTID() == null) {
            throw OAuthException.invalidToken("the access token lacks a required claim");
        }
        if (!exp.toInstant().plus(skew).isAfter(now)) {
            throw OAuthException.invalidToken("the access token has expired");
        }
        if (iat.toInstant().minus(skew).isAfter(now)
                || (c.getNotBeforeTime() != null && c.getNotBeforeTime().toInstant().minus(skew).isAfter(now))) {
            throw OAuthException.invalidToken("the access token is not valid yet");
        }
        String clientId = c.getStringClaim("client_id");
        return new VerifiedAccessToken(c.getSubject(), clientId, c.getStringClaim("scope"), aud, c.getJWTID(),
                exp.toInstant(), iat.toInstant(), VerifiedAccessToken.isClientOnly(c.getSubject(), clientId,
                        c.getStringClaim(AccessTokenMinter.GRANT_TYPE_CLAIM)));
    }
}
