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
 * <li>{@code iss} compared exactly, {@code aud} must contain ours, {@code exp}/{@code nbf}/{@code iat} within skew.</li>
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
    /** Bounded by size with Caffeine's frequency-aware eviction: a full cache drops the least useful entries. */
    private final Cache<String, Remembered> remembered = Caffeine.newBuilder().maximumSize(REMEMBERED_TOKENS).build();

    private record Remembered(VerifiedAccessToken token, String kid) {
    }

    public AccessTokenVerifier(KeyService keys, Clock clock, String issuer, String audience, Duration skew) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
        this.skew = skew;
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
     * a lookup instead of a signature verification. Only tokens verified in full are remembered, under their exact
     * serialization; on every hit the signing key must still be published and the expiry is checked again. Memory is
     * bounded: past the limit the least frequently presented tokens are forgotten.
     */
    public VerifiedAccessToken verifyAnyAudienceRemembering(String token) {
        if (token != null) {
            Remembered r = remembered.getIfPresent(token);
            if (r != null) {
                if (keys.ring().published(r.kid()).isPresent() && r.token().expiresAt().plus(skew).isAfter(clock.instant())) {
                    return r.token();
                }
                remembered.invalidate(token);
            }
        }
        Remembered verified = verifyWithKey(token, false);
        remembered.put(token, verified);
        return verified.token();
    }

    private VerifiedAccessToken verify(String token, boolean checkAudience) {
        return verifyWithKey(token, checkAudience).token();
    }

    private Remembered verifyWithKey(String token, boolean checkAudience) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw OAuthException.invalidToken("the access token is malformed");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw OAuthException.invalidToken("the access token is malformed");
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
            return new Remembered(checkClaims(jwt.getJWTClaimsSet(), checkAudience), key.kid());
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
        return new VerifiedAccessToken(c.getSubject(), c.getStringClaim("client_id"), c.getStringClaim("scope"),
                aud, c.getJWTID(), exp.toInstant(), iat.toInstant());
    }
}
